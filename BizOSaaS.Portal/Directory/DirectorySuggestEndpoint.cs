using BizOSaaS.Platform.RateLimiting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BizOSaaS.Portal.Directory;

/// <summary>
/// <c>GET /directory/suggest?q=</c>: the public directory's autocomplete for the search box's script (wwwroot/directory.js),
/// as JSON: categories and listing names that start with the words typed. Anonymous, in the suggest rate tier (per
/// visitor address, apart from the pages' public tier: a few searches typed must not use up the pages' allowance).
/// </summary>
public static class DirectorySuggestEndpoint
{
    public const int Limit = 8;

    public static IEndpointRouteBuilder MapDirectorySuggest(this IEndpointRouteBuilder app)
    {
        app.MapGet("/directory/suggest", SuggestAsync).AllowAnonymous().RequireRateLimiting(RateLimitTiers.Suggest);
        return app;
    }

    private static async Task<Results<Ok<List<DirectorySuggestion>>, ProblemHttpResult>> SuggestAsync(string? q, PublicDirectoryClient directory,
        CancellationToken cancellationToken)
    {
        var words = q?.Trim() ?? "";
        if (words.Length < 2)
        {
            return TypedResults.Ok(new List<DirectorySuggestion>());
        }
        var found = await directory.SuggestAsync(words[..Math.Min(words.Length, 100)], Limit, cancellationToken);
        return found.Value is { } suggestions
            ? TypedResults.Ok(suggestions)
            : TypedResults.Problem(detail: found.Error, statusCode: found.Status is >= 400 and < 500 ? found.Status : StatusCodes.Status503ServiceUnavailable);
    }
}
