namespace BizOSaaS.Portal.Shop;

/// <summary>How a shop page answers when it cannot show what was asked for.</summary>
public static class ShopAnswers
{
    /// <summary>The status code, with the shop's own page as the body. Set as the response starts: a 404 set while the page
    /// renders makes Blazor leave the body to the Portal's staff "not found" page (with its navigation), which is not for
    /// shoppers.</summary>
    public static void Fail(HttpContext context, int status) =>
        context.Response.OnStarting(() =>
        {
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        });
}
