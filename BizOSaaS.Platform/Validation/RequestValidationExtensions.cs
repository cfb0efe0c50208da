using BizOSaaS.Validation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace BizOSaaS.Platform.Validation;

public static class RequestValidationExtensions
{
    /// <summary>
    /// What goes with .NET's minimal-API validation of request bodies and <c>[AsParameters]</c> query bundles (the
    /// attributes on the request records): 400 problem details whose field keys are the JSON's names (<c>stages[0].name</c>,
    /// not <c>Stages[0].Name</c>), like those the endpoints add through <see cref="FieldErrors"/>, and the
    /// <see cref="RequestValidator"/>. The service itself calls <c>AddValidation()</c>: the source generator registers
    /// the request types of the assembly that makes that call.
    /// </summary>
    public static IHostApplicationBuilder AddValidationProblems(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<RequestValidator>();
        builder.Services.AddProblemDetails(options =>
        {
            var customize = options.CustomizeProblemDetails;
            options.CustomizeProblemDetails = context =>
            {
                customize?.Invoke(context);
                if (context.ProblemDetails is HttpValidationProblemDetails { Errors.Count: > 0 } problem)
                {
                    var errors = problem.Errors.ToDictionary(e => JsonPath(e.Key), e => e.Value);
                    problem.Errors.Clear();
                    foreach (var (field, messages) in errors)
                    {
                        problem.Errors[field] = messages;
                    }
                }
            };
        });
        return builder;
    }

    /// <summary>
    /// For a write whose body also has rules of the handler's: across fields, or on the tenant's data ("ownerId must be
    /// a member of your tenant."). The handler checks the body's attributes with <see cref="RequestValidator"/> and its
    /// own rules in one pass, so one 400 answer names every field to fix, instead of the automatic validation answering
    /// before those rules ran.
    /// </summary>
    public static RouteHandlerBuilder ValidatedWithHandlerRules(this RouteHandlerBuilder endpoint) =>
        endpoint.DisableValidation().ProducesValidationProblem();

    /// <summary>The 400 answer for <paramref name="errors"/>.</summary>
    public static ValidationProblem ToProblem(this FieldErrors errors) =>
        TypedResults.ValidationProblem(errors.ToDictionary());

    /// <summary><c>Stages[0].Name</c> → <c>stages[0].name</c>: each member named as the JSON (and the rules' messages) name it.</summary>
    internal static string JsonPath(string key) =>
        string.Join('.', key.Split('.').Select(segment => segment.IndexOf('[') is var index and > 0
            ? FieldRuleAttribute.FieldName(segment[..index]) + segment[index..]
            : FieldRuleAttribute.FieldName(segment)));
}
