namespace BizOSaaS.Validation;

/// <summary>
/// The field errors of one request (field as the JSON names it → messages), for the rules attributes cannot say:
/// those that span fields or need the tenant's data ("ownerId must be a member of your tenant."). The attribute
/// rules run first, in the endpoint's validation; these add to a 400 problem details answer in the same shape.
/// </summary>
public sealed class FieldErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool Any => _errors.Count > 0;

    public bool Has(string field) => _errors.ContainsKey(field);

    public static FieldErrors Of(string field, string message)
    {
        var errors = new FieldErrors();
        errors.Add(field, message);
        return errors;
    }

    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var messages))
        {
            _errors[field] = messages = [];
        }
        messages.Add(message);
    }

    public void Add(FieldErrors other)
    {
        foreach (var (field, messages) in other._errors)
        {
            messages.ForEach(message => Add(field, message));
        }
    }

    public IReadOnlyDictionary<string, string[]> ToDictionary() => _errors.ToDictionary(e => e.Key, e => e.Value.ToArray());
}
