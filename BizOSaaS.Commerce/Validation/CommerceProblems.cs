using Microsoft.AspNetCore.Http.HttpResults;

namespace BizOSaaS.Commerce.Validation;

/// <summary>What a store operation (checkout completion, an order's workflow, a payment) ended with.</summary>
public abstract record StoreOutcome
{
    public sealed record Done : StoreOutcome;

    public sealed record NotFound(string What) : StoreOutcome;

    public sealed record Invalid(FieldErrors Errors) : StoreOutcome;

    public sealed record Refused(string Title, string Detail) : StoreOutcome;

    public sealed record Declined(string Detail) : StoreOutcome;
}

/// <summary>The commerce service's problem details answers for outcomes that are not a success.</summary>
public static class CommerceProblems
{
    /// <summary>404, 409 or 402 for <paramref name="outcome"/>; an <see cref="StoreOutcome.Invalid"/> one is a 400 with its fields.</summary>
    public static ProblemHttpResult For(StoreOutcome outcome) => outcome switch
    {
        StoreOutcome.NotFound notFound => RecordProblems.NotFound(notFound.What),
        StoreOutcome.Refused refused => RecordProblems.Conflict(refused.Title, refused.Detail),
        StoreOutcome.Declined declined => TypedResults.Problem(statusCode: StatusCodes.Status402PaymentRequired, title: "Payment declined", detail: declined.Detail),
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "Not a problem outcome."),
    };
}
