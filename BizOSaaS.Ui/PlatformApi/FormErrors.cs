namespace BizOSaaS.Ui.PlatformApi;

/// <summary>What an API answered a form that it refused: the field errors shown beside the inputs the form has, and
/// a message above it with the rest (fields it does not show, a 403, a conflict).</summary>
public sealed class FormErrors
{
    private IReadOnlyDictionary<string, string[]>? _fields;

    public string? Message { get; private set; }

    public void Clear()
    {
        _fields = null;
        Message = null;
    }

    /// <summary>Takes the answer's problem; <paramref name="shown"/> are the JSON names of the fields the form has inputs for.</summary>
    public void Set<T>(ApiResult<T> result, params string[] shown)
    {
        if (result.Succeeded)
        {
            Clear();
            return;
        }
        _fields = result.FieldErrors;
        var others = _fields?.Where(f => !shown.Contains(f.Key)).SelectMany(f => f.Value).ToList() ?? [];
        Message = others.Count > 0 ? string.Join(" ", others) : result.Error;
    }

    public bool Has(string field) => _fields?.ContainsKey(field) == true;

    public string? Text(string field) => _fields?.GetValueOrDefault(field) is { } messages ? string.Join(" ", messages) : null;
}
