using BizOSaaS.Platform.Caching;

namespace BizOSaaS.Directory.Search;

/// <summary>
/// On the directory's write endpoints: once the handler has run (its transaction committed or rolled back), cached public
/// searches are made stale on every replica before the answer goes out (<see cref="CachedDirectorySearch"/>). Reads pass
/// through untouched; a write that changed nothing costs one needless Redis increment.
/// </summary>
public sealed class PublicSearchInvalidation(TenantCache cache) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        finally
        {
            var method = context.HttpContext.Request.Method;
            if (!HttpMethods.IsGet(method) && !HttpMethods.IsHead(method))
            {
                // Not the request's token: a visitor who hangs up must not leave the caches stale.
                await cache.InvalidatePublicAsync(CachedDirectorySearch.Scope, CachedDirectorySearch.Tags, CancellationToken.None);
            }
        }
    }
}
