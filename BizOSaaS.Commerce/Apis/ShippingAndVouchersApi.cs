using BizOSaaS.Commerce.Checkouts;
using BizOSaaS.Commerce.Data;
using BizOSaaS.Platform.Data;
using BizOSaaS.Platform.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace BizOSaaS.Commerce.Apis;

/// <summary>What a checkout chooses from: the store's shipping methods and its vouchers.</summary>
public static class ShippingAndVouchersApi
{
    public static IEndpointRouteBuilder MapShippingAndVouchersApi(this IEndpointRouteBuilder app)
    {
        var shipping = app.MapGroup("/api/shipping-methods").WithTags("Checkout").RequireAuthorization(PlatformPolicies.TenantUser);
        shipping.MapGet("/", ListShipping).WithSummary("The store's shipping methods.");
        shipping.MapPost("/", CreateShipping).ValidatedWithHandlerRules().WithSummary("Adds a shipping method with its price.");

        var vouchers = app.MapGroup("/api/vouchers").WithTags("Checkout").RequireAuthorization(PlatformPolicies.TenantUser);
        vouchers.MapGet("/", ListVouchers).WithSummary("The store's vouchers with how often each was used.");
        vouchers.MapPost("/", CreateVoucher).ValidatedWithHandlerRules().WithSummary("Adds a voucher: an amount or a percentage off the order or chosen products.");
        return app;
    }

    private static async Task<Ok<List<ShippingMethodResponse>>> ListShipping(CommerceDb db, CancellationToken cancellationToken) =>
        TypedResults.Ok((await db.ShippingMethods.AsNoTracking().OrderBy(s => s.Price).ThenBy(s => s.Name).Take(200).ToListAsync(cancellationToken)).Select(ShippingMethodResponse.From).ToList());

    private static async Task<Results<Created<ShippingMethodResponse>, ValidationProblem>> CreateShipping(
        ShippingMethodRequest request, CommerceDb db, RequestValidator validator, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = await validator.ValidateAsync(request, cancellationToken);
        if (errors.Any)
        {
            return errors.ToProblem();
        }
        var method = new ShippingMethod { Id = Guid.CreateVersion7(), Name = request.Name!.Trim(), Price = request.Price!.Value, IsActive = request.IsActive ?? true, CreatedAt = clock.GetUtcNow() };
        db.ShippingMethods.Add(method);
        if (!await db.TrySaveUniqueAsync(cancellationToken))
        {
            return FieldErrors.Of("name", $"You already have a shipping method named {method.Name}.").ToProblem();
        }
        return TypedResults.Created($"/api/shipping-methods/{method.Id}", ShippingMethodResponse.From(method));
    }

    private static async Task<Ok<List<VoucherResponse>>> ListVouchers(CommerceDb db, CancellationToken cancellationToken) =>
        TypedResults.Ok((await db.Vouchers.AsNoTracking().OrderByDescending(v => v.CreatedAt).Take(500).ToListAsync(cancellationToken)).Select(VoucherResponse.From).ToList());

    private static async Task<Results<Created<VoucherResponse>, ValidationProblem>> CreateVoucher(
        VoucherRequest request, CommerceDb db, RequestValidator validator, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = await validator.ValidateAsync(request, cancellationToken);
        if (request.Kind.Trimmed()?.ToLowerInvariant() == VoucherKinds.Percentage && request.Value is > 100)
        {
            errors.Add("value", "A percentage voucher takes at most 100 (percent) off.");
        }
        if (request.StartsAt is { } starts && request.EndsAt is { } ends && ends <= starts)
        {
            errors.Add("endsAt", "endsAt must be after startsAt.");
        }
        var productIds = request.ProductIds?.Distinct().ToList() ?? [];
        if (productIds.Count > 0 && await db.Products.CountAsync(p => productIds.Contains(p.Id), cancellationToken) != productIds.Count)
        {
            errors.Add("productIds", "Each of productIds must be one of your products.");
        }
        if (errors.Any)
        {
            return errors.ToProblem();
        }
        var voucher = new Voucher
        {
            Id = Guid.CreateVersion7(),
            Code = request.Code!.Trim().ToUpperInvariant(),
            Kind = request.Kind!.Trim().ToLowerInvariant(),
            Value = request.Value!.Value,
            ProductIds = productIds,
            UsageLimit = request.UsageLimit,
            OncePerCustomer = request.OncePerCustomer ?? false,
            StartsAt = request.StartsAt,
            EndsAt = request.EndsAt,
            CreatedAt = clock.GetUtcNow(),
        };
        db.Vouchers.Add(voucher);
        if (!await db.TrySaveUniqueAsync(cancellationToken))
        {
            return FieldErrors.Of("code", $"You already have a voucher {voucher.Code}.").ToProblem();
        }
        return TypedResults.Created($"/api/vouchers/{voucher.Id}", VoucherResponse.From(voucher));
    }
}
