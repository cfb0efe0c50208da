using System.Security.Claims;
using BizOSaaS.Commerce.Data;
using BizOSaaS.Commerce.Inventory;
using BizOSaaS.Platform.Data;
using BizOSaaS.Platform.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace BizOSaaS.Commerce.Apis;

/// <summary>Warehouses, stock per variant and warehouse, and the history of every change to it. A stock change runs under
/// the stock row's lock, the same lock a checkout's allocation takes, so neither overwrites the other.</summary>
public static class InventoryApi
{
    public static IEndpointRouteBuilder MapInventoryApi(this IEndpointRouteBuilder app)
    {
        var warehouses = app.MapGroup("/api/warehouses").WithTags("Inventory").RequireAuthorization(PlatformPolicies.TenantUser);
        warehouses.MapGet("/", ListWarehouses).WithSummary("The tenant's warehouses.");
        warehouses.MapPost("/", CreateWarehouse).ValidatedWithHandlerRules().WithSummary("Adds a warehouse.");

        var stock = app.MapGroup("/api/stock").WithTags("Inventory").RequireAuthorization(PlatformPolicies.TenantUser);
        stock.MapGet("/", ListStock).WithSummary("Stock per variant and warehouse: on hand, allocated to orders, available; filter by variantId or warehouseId.");
        stock.MapPost("/changes", ChangeStock).ValidatedWithHandlerRules().WithSummary("Adds to or takes from a variant's stock in a warehouse, with the reason.");
        stock.MapGet("/movements", Movements).WithSummary("A variant's stock history, newest first: who changed it, why, by how much.");
        return app;
    }

    private static async Task<Ok<List<WarehouseResponse>>> ListWarehouses(CommerceDb db, CancellationToken cancellationToken) =>
        TypedResults.Ok((await db.Warehouses.AsNoTracking().OrderBy(w => w.Name).Take(500).ToListAsync(cancellationToken)).Select(WarehouseResponse.From).ToList());

    private static async Task<Results<Created<WarehouseResponse>, ValidationProblem>> CreateWarehouse(
        WarehouseRequest request, CommerceDb db, RequestValidator validator, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = await validator.ValidateAsync(request, cancellationToken);
        if (errors.Any)
        {
            return errors.ToProblem();
        }
        var warehouse = new Warehouse { Id = Guid.CreateVersion7(), Name = request.Name!.Trim(), City = request.City.Trimmed(), Country = request.Country.Trimmed()?.ToUpperInvariant(), CreatedAt = clock.GetUtcNow() };
        db.Warehouses.Add(warehouse);
        if (!await db.TrySaveUniqueAsync(cancellationToken))
        {
            return FieldErrors.Of("name", $"You already have a warehouse named {warehouse.Name}.").ToProblem();
        }
        return TypedResults.Created($"/api/warehouses/{warehouse.Id}", WarehouseResponse.From(warehouse));
    }

    private static async Task<Ok<List<StockResponse>>> ListStock(CommerceDb db, Guid? variantId, Guid? warehouseId, CancellationToken cancellationToken)
    {
        var query = from s in db.Stocks.AsNoTracking()
                    join v in db.Variants on s.VariantId equals v.Id
                    join w in db.Warehouses on s.WarehouseId equals w.Id
                    select new { s, v.Sku, w.Name };
        query = variantId is { } variant ? query.Where(x => x.s.VariantId == variant) : query;
        query = warehouseId is { } warehouse ? query.Where(x => x.s.WarehouseId == warehouse) : query;
        var rows = await query.OrderBy(x => x.Sku).ThenBy(x => x.Name).Take(1000).ToListAsync(cancellationToken);
        return TypedResults.Ok(rows.Select(x => new StockResponse(x.s.VariantId, x.Sku, x.s.WarehouseId, x.Name, x.s.Quantity, x.s.Allocated, x.s.Available)).ToList());
    }

    private static async Task<Results<Ok<StockResponse>, ValidationProblem, ProblemHttpResult>> ChangeStock(
        StockChangeRequest request, ClaimsPrincipal user, CommerceDb db, RequestValidator validator, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = await validator.ValidateAsync(request, cancellationToken);
        if (errors.Any)
        {
            return errors.ToProblem();
        }
        var variant = await db.Variants.AsNoTracking().FirstOrDefaultAsync(v => v.Id == request.VariantId, cancellationToken);
        var warehouse = await db.Warehouses.AsNoTracking().FirstOrDefaultAsync(w => w.Id == request.WarehouseId, cancellationToken);
        if (variant is null || warehouse is null)
        {
            return (variant is null ? FieldErrors.Of("variantId", "Your tenant has no such variant.") : FieldErrors.Of("warehouseId", "Your tenant has no such warehouse.")).ToProblem();
        }
        var change = request.Change!.Value;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // Insert the row if it is new, then lock it: concurrent changes and checkouts queue on it.
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO stocks (id, tenant_id, variant_id, warehouse_id, quantity, allocated)
            VALUES ({Guid.CreateVersion7()}, {variant.TenantId}, {variant.Id}, {warehouse.Id}, 0, 0) ON CONFLICT (variant_id, warehouse_id) DO NOTHING
            """, cancellationToken);
        var stock = await db.Stocks.FromSql($"SELECT * FROM stocks WHERE variant_id = {variant.Id} AND warehouse_id = {warehouse.Id} FOR UPDATE").SingleAsync(cancellationToken);
        if (stock.Quantity + change < stock.Allocated)
        {
            return RecordProblems.Conflict("Not enough stock", $"{warehouse.Name} has {stock.Quantity} of {variant.Sku}, {stock.Allocated} of them held for orders; it cannot lose {-change}.");
        }
        stock.Quantity += change;
        db.StockMovements.Add(new StockMovement
        {
            Id = Guid.CreateVersion7(),
            VariantId = variant.Id,
            WarehouseId = warehouse.Id,
            Change = change,
            Reason = request.Reason!.Trim().ToLowerInvariant(),
            Note = request.Note.Trimmed(),
            ActorName = user.DisplayName(),
            OccurredAt = clock.GetUtcNow(),
        });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Ok(new StockResponse(variant.Id, variant.Sku, warehouse.Id, warehouse.Name, stock.Quantity, stock.Allocated, stock.Available));
    }

    private static async Task<Results<Ok<List<StockMovementResponse>>, ValidationProblem>> Movements(CommerceDb db, Guid? variantId, [Between(1, 500)] int? limit, CancellationToken cancellationToken)
    {
        if (variantId is not { } variant)
        {
            return FieldErrors.Of("variantId", "variantId is required.").ToProblem();
        }
        var movements = await db.StockMovements.AsNoTracking().Where(m => m.VariantId == variant)
            .OrderByDescending(m => m.OccurredAt).ThenByDescending(m => m.Id).Take(limit ?? 100).ToListAsync(cancellationToken);
        return TypedResults.Ok(movements.Select(StockMovementResponse.From).ToList());
    }
}
