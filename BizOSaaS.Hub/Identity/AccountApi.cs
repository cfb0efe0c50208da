using System.Security.Claims;
using System.Text.Encodings.Web;
using BizOSaaS.Hub.Audit;
using BizOSaaS.Hub.Identity;
using BizOSaaS.Platform.RateLimiting;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace BizOSaaS.Hub.Identity;

/// <summary>The hub's sign-in page: the one place where people type their password.</summary>
public static class AccountApi
{
    public const string LoginPath = "/account/login";

    public static IEndpointRouteBuilder MapAccountApi(this IEndpointRouteBuilder app)
    {
        app.MapGet(LoginPath, (HttpContext context, IAntiforgery antiforgery, string? returnUrl) =>
                LoginPage(context, antiforgery, returnUrl, email: null, error: null))
            .AllowAnonymous().ExcludeFromDescription();
        // Form binding validates the antiforgery token (UseAntiforgery) before this runs.
        app.MapPost(LoginPath, SignIn).AllowAnonymous().ExcludeFromDescription().RequireRateLimiting(RateLimitTiers.Public);
        return app;
    }

    private static async Task<IResult> SignIn(HttpContext context, IAntiforgery antiforgery, PasswordSignIn passwords, TenantSelection tenants,
        AuditLog audit, [FromForm] string? email, [FromForm] string? password, [FromForm] string? returnUrl, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(email) || string.IsNullOrEmpty(password))
        {
            return LoginPage(context, antiforgery, returnUrl, email, "Enter your email and password.", StatusCodes.Status400BadRequest);
        }

        var check = await passwords.CheckAsync(email, password, cancellationToken);
        if (check.Kind != SignInResultKind.Succeeded)
        {
            return LoginPage(context, antiforgery, returnUrl, email, check.Message, StatusCodes.Status401Unauthorized);
        }

        var user = check.User!;
        var choice = await tenants.ChooseAsync(user, null, cancellationToken);
        if (choice.Refused)
        {
            await audit.RecordAsync(user.Memberships.FirstOrDefault()?.TenantId, AuditEventTypes.SignInRefused, choice.Refusal!, user, user, cancellationToken);
            return LoginPage(context, antiforgery, returnUrl, email, choice.Refusal, StatusCodes.Status403Forbidden);
        }

        await audit.RecordAsync(choice.Tenant?.Id, AuditEventTypes.SignInSucceeded,
            choice.Tenant is null ? "Signed in" : $"Signed in to {choice.Tenant.Name}", user, user, cancellationToken);
        var identity = new ClaimsIdentity([new Claim(Claims.Subject, user.Id.ToString()), new Claim(Claims.Name, user.DisplayName)],
            CookieAuthenticationDefaults.AuthenticationScheme, Claims.Name, Claims.Role);
        await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
        return Results.LocalRedirect(IsLocal(returnUrl) ? returnUrl! : "/");
    }

    private static IResult LoginPage(HttpContext context, IAntiforgery antiforgery, string? returnUrl, string? email, string? error,
        int statusCode = StatusCodes.Status200OK)
    {
        var tokens = antiforgery.GetAndStoreTokens(context);
        var html = HtmlEncoder.Default;
        var errorBlock = error is null ? "" : $"""<p class="error" role="alert">{html.Encode(error)}</p>""";
        var page = $"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
              <meta charset="utf-8">
              <meta name="viewport" content="width=device-width, initial-scale=1">
              <title>Sign in · BizOSaaS</title>
              <link rel="stylesheet" href="/css/signin.css">
            </head>
            <body>
              <main>
                <h1>BizOSaaS</h1>
                <p class="lead">Sign in to your workspace</p>
                {errorBlock}
                <form method="post" action="{LoginPath}">
                  <input type="hidden" name="{html.Encode(tokens.FormFieldName)}" value="{html.Encode(tokens.RequestToken ?? "")}">
                  <input type="hidden" name="returnUrl" value="{html.Encode(IsLocal(returnUrl) ? returnUrl! : "/")}">
                  <label for="email">Email</label>
                  <input id="email" name="email" type="email" autocomplete="username" required value="{html.Encode(email ?? "")}">
                  <label for="password">Password</label>
                  <input id="password" name="password" type="password" autocomplete="current-password" required>
                  <button type="submit">Sign in</button>
                </form>
              </main>
            </body>
            </html>
            """;
        context.Response.Headers.CacheControl = "no-store";
        return Results.Content(page, "text/html; charset=utf-8", statusCode: statusCode);
    }

    private static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url) && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'));
}
