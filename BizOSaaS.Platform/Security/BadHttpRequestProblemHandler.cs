using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace BizOSaaS.Platform.Security;

/// <summary>
/// A request the server refuses to read (body over the limit, wrong content type, malformed JSON)
/// is the client's error: answered with its own status (413, 415, 400) as problem details, not a 500.
/// Minimal APIs throw it in Development (ThrowOnBadRequest), e.g. for a form without its antiforgery token.
/// </summary>
internal sealed class BadHttpRequestProblemHandler(IProblemDetailsService problemDetails) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException badRequest || context.Response.HasStarted)
        {
            return false;
        }

        context.Response.StatusCode = badRequest.StatusCode;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails =
            {
                Status = badRequest.StatusCode,
                Title = ReasonPhrases.GetReasonPhrase(badRequest.StatusCode),
                // Kestrel's and the minimal API's own wording (no stack, no input echoed back).
                Detail = badRequest.Message,
            },
        });
    }
}
