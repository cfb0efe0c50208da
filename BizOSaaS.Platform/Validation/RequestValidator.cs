using System.ComponentModel.DataAnnotations;
using BizOSaaS.Validation;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Validation;

namespace BizOSaaS.Platform.Validation;

/// <summary>
/// Checks a request record outside an endpoint (a CSV row becomes a request) with exactly the rules the endpoint's
/// validation applies: the same generated type information, so one rule set serves both.
/// </summary>
public sealed class RequestValidator(IOptions<ValidationOptions> options, IServiceProvider services)
{
    /// <summary>The field errors of <paramref name="request"/>, keyed as the JSON names the fields.</summary>
#pragma warning disable ASP0029 // Validating a value by hand is marked for evaluation in .NET 10; the endpoint filter uses the same calls.
    public async Task<FieldErrors> ValidateAsync<T>(T request, CancellationToken cancellationToken) where T : notnull
    {
        var errors = new FieldErrors();
        if (!options.Value.TryGetValidatableTypeInfo(typeof(T), out var info))
        {
            return errors;
        }
        var context = new ValidateContext { ValidationOptions = options.Value, ValidationContext = new ValidationContext(request, services, null) };
        await info.ValidateAsync(request, context, cancellationToken);
        foreach (var (key, messages) in context.ValidationErrors ?? [])
        {
            foreach (var message in messages)
            {
                errors.Add(RequestValidationExtensions.JsonPath(key), message);
            }
        }
        return errors;
    }
#pragma warning restore ASP0029
}
