using BizOSaaS.Commerce.Data;
using BizOSaaS.Commerce.Store;
using BizOSaaS.Platform.Identity;
using BizOSaaS.Platform.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace BizOSaaS.Commerce.Apis;

/// <summary>The store's settings: its currency (fixed once it has orders), tax rate and order confirmation.</summary>
public static class StoreApi
{
    public static IEndpointRouteBuilder MapStoreApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/store").WithTags("Store");
        api.MapGet("/settings", Get).RequireAuthorization(PlatformPolicies.TenantUser).WithSummary("The store's currency, tax rate, order confirmation and stock reservation time.");
        api.MapPut("/settings", Put).RequireAuthorization(PlatformPolicies.TenantAdmin).ProducesValidationProblem()
            .WithSummary("Changes the store's settings (tenant admins); the currency cannot change once the store has orders.");
        return app;
    }

    private static async Task<Ok<StoreSettingsResponse>> Get(CommerceDb db, CancellationToken cancellationToken)
    {
        var settings = await db.StoreSettingsAsync(cancellationToken);
        return TypedResults.Ok(new StoreSettingsResponse(settings.Currency, settings.TaxRatePercent, settings.AutoConfirmOrders, await db.Orders.AnyAsync(cancellationToken),
            settings.StockReservationSeconds));
    }

    private static async Task<Results<Ok<StoreSettingsResponse>, ProblemHttpResult>> Put(
        StoreSettingsRequest request, CommerceDb db, TenantContext tenant, TimeProvider clock, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var settings = await db.LockStoreSettingsAsync(tenant.RequiredTenantId, clock.GetUtcNow(), cancellationToken);
        var currency = request.Currency!.Trim().ToUpperInvariant();
        var hasOrders = await db.Orders.AnyAsync(cancellationToken);
        if (currency != settings.Currency && (hasOrders || await db.Checkouts.AnyAsync(c => c.Lines.Count > 0 && c.OrderId == null, cancellationToken)))
        {
            return RecordProblems.Conflict("Currency is fixed", $"Your store has orders or open carts in {settings.Currency}; its currency can no longer change.");
        }
        settings.Currency = currency;
        settings.TaxRatePercent = decimal.Round(request.TaxRatePercent!.Value, 2);
        settings.AutoConfirmOrders = request.AutoConfirmOrders ?? settings.AutoConfirmOrders;
        settings.StockReservationSeconds = request.StockReservationSeconds ?? settings.StockReservationSeconds;
        settings.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Ok(new StoreSettingsResponse(settings.Currency, settings.TaxRatePercent, settings.AutoConfirmOrders, hasOrders, settings.StockReservationSeconds));
    }
}
