using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BizOSaaS.Platform.Validation;

/// <summary>The services' problem details answers about a tenant's records, worded for the person who will read them.</summary>
public static class RecordProblems
{
    /// <summary>Also the answer for another tenant's record: it is simply not there for this tenant.</summary>
    public static ProblemHttpResult NotFound(string what) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: $"{what} not found", detail: $"Your tenant has no {what.ToLowerInvariant()} with that id.");

    public static ProblemHttpResult Conflict(string title, string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: title, detail: detail);
}
