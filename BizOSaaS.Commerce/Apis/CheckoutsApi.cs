using BizOSaaS.Commerce.Checkouts;
using BizOSaaS.Commerce.Data;
using BizOSaaS.Commerce.Inventory;
using BizOSaaS.Commerce.Orders;
using BizOSaaS.Commerce.Store;
using BizOSaaS.Commerce.Validation;
using BizOSaaS.Platform.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace BizOSaaS.Commerce.Apis;

/// <summary>Checkouts: a cart with the buyer's choices, priced by the store on every read, completed into an order exactly
/// once (<see cref="CheckoutCompletion"/>).</summary>
public static class CheckoutsApi
{
    public static IEndpointRouteBuilder MapCheckoutsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/checkouts").WithTags("Checkout").RequireAuthorization(PlatformPolicies.TenantUser);
        api.MapPost("/", Create).ValidatedWithHandlerRules().WithSummary("Starts a checkout with its lines and the buyer's choices; answers with its totals.");
        api.MapGet("/{id:guid}", Get).WithSummary("A checkout with its totals and what still stops it from completing.");
        api.MapPut("/{id:guid}", Update).ValidatedWithHandlerRules().WithSummary("Replaces a checkout's lines and choices.");
        api.MapPost("/{id:guid}/complete", Complete).ProducesValidationProblem()
            .WithSummary("Completes the checkout into an order: 201 with the order; a retry answers 200 with the same order.");
        return app;
    }

    private static async Task<Results<Created<CheckoutResponse>, ValidationProblem, ProblemHttpResult>> Create(
        CheckoutRequest request, CommerceDb db, RequestValidator validator, TimeProvider clock, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var checkout = new Checkout { Id = Guid.CreateVersion7(), CreatedAt = now };
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var errors = await ApplyAsync(checkout, request, db, validator, now, cancellationToken);
        if (errors.Any)
        {
            return errors.ToProblem();
        }
        db.Checkouts.Add(checkout);
        await db.SaveChangesAsync(cancellationToken);
        if (await ReserveAsync(db, checkout, now, cancellationToken) is { } refused)
        {
            return CommerceProblems.For(refused);
        }
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Created($"/api/checkouts/{checkout.Id}", await ResponseAsync(db, checkout, now, cancellationToken));
    }

    private static async Task<Results<Ok<CheckoutResponse>, ProblemHttpResult>> Get(Guid id, CommerceDb db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var checkout = await db.Checkouts.AsNoTracking().Include(c => c.Lines).FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        return checkout is null ? RecordProblems.NotFound("Checkout") : TypedResults.Ok(await ResponseAsync(db, checkout, clock.GetUtcNow(), cancellationToken));
    }

    private static async Task<Results<Ok<CheckoutResponse>, ValidationProblem, ProblemHttpResult>> Update(
        Guid id, CheckoutRequest request, CommerceDb db, RequestValidator validator, TimeProvider clock, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var checkout = await db.Checkouts.FromSql($"SELECT * FROM checkouts WHERE id = {id} FOR UPDATE").SingleOrDefaultAsync(cancellationToken);
        if (checkout is null)
        {
            return RecordProblems.NotFound("Checkout");
        }
        if (checkout.OrderId is not null)
        {
            return RecordProblems.Conflict("Checkout completed", "This checkout is already an order; start a new one.");
        }
        await db.Entry(checkout).Collection(c => c.Lines).LoadAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var errors = await ApplyAsync(checkout, request, db, validator, now, cancellationToken);
        if (errors.Any)
        {
            return errors.ToProblem();
        }
        await db.SaveChangesAsync(cancellationToken);
        if (await ReserveAsync(db, checkout, now, cancellationToken) is { } refused)
        {
            return CommerceProblems.For(refused);
        }
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Ok(await ResponseAsync(db, checkout, now, cancellationToken));
    }

    /// <summary>Holds the lines' stock when the store reserves (and drops what it held otherwise); the refusal when there is
    /// not enough, and nothing of the write is kept then.</summary>
    private static async Task<StoreOutcome?> ReserveAsync(CommerceDb db, Checkout checkout, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var settings = await db.StoreSettingsAsync(cancellationToken);
        var refused = await db.ReserveAsync(checkout, settings.StockReservationSeconds, now, cancellationToken);
        if (refused is null)
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        return refused;
    }

    private static async Task<CheckoutResponse> ResponseAsync(CommerceDb db, Checkout checkout, DateTimeOffset now, CancellationToken cancellationToken) =>
        (await CheckoutQuote.PriceAsync(db, checkout, now, cancellationToken)).ToResponse() with
        {
            ReservedUntil = checkout.OrderId is null ? await db.ReservedUntilAsync(checkout.Id, now, cancellationToken) : null,
        };

    private static async Task<Results<Created<OrderResponse>, Ok<OrderResponse>, ValidationProblem, ProblemHttpResult>> Complete(
        Guid id, CheckoutCompletion completion, CommerceDb db, CancellationToken cancellationToken) =>
        await completion.CompleteAsync(id, cancellationToken) switch
        {
            CheckoutCompletion.Completed { Created: true } done => TypedResults.Created($"/api/orders/{done.OrderId}", (await db.OrderResponseAsync(done.OrderId, cancellationToken))!),
            CheckoutCompletion.Completed done => TypedResults.Ok((await db.OrderResponseAsync(done.OrderId, cancellationToken))!),
            StoreOutcome.Invalid invalid => invalid.Errors.ToProblem(),
            var other => CommerceProblems.For(other),
        };

    /// <summary>The request's attributes, then the lines' variants (the tenant's), then the whole request onto the checkout.</summary>
    private static async Task<FieldErrors> ApplyAsync(Checkout checkout, CheckoutRequest request, CommerceDb db, RequestValidator validator, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var errors = await validator.ValidateAsync(request, cancellationToken);
        var lines = request.Lines ?? [];
        if (lines.Count > 100)
        {
            errors.Add("lines", "A checkout has at most 100 lines.");
        }
        var variantIds = lines.Select(l => l.VariantId).OfType<Guid>().Distinct().ToList();
        var known = await db.Variants.Where(v => variantIds.Contains(v.Id)).Select(v => v.Id).ToListAsync(cancellationToken);
        foreach (var (line, index) in lines.Select((l, i) => (l, i)))
        {
            if (line.VariantId is { } variantId && !known.Contains(variantId))
            {
                errors.Add($"lines[{index}].variantId", "Your store has no such variant.");
            }
        }
        if (request.ShippingMethodId is { } methodId && !await db.ShippingMethods.AnyAsync(s => s.Id == methodId && s.IsActive, cancellationToken))
        {
            errors.Add("shippingMethodId", "Your store offers no such shipping method.");
        }
        if (errors.Any)
        {
            return errors;
        }
        checkout.Email = request.Email.Trimmed();
        checkout.ShippingAddress = request.ShippingAddress is { } address ? Address.From(address) : null;
        checkout.ShippingMethodId = request.ShippingMethodId;
        checkout.VoucherCode = request.VoucherCode.Trimmed()?.ToUpperInvariant();
        checkout.UpdatedAt = now;
        // The same variant twice is one line with both quantities.
        var wanted = lines.GroupBy(l => l.VariantId!.Value).ToDictionary(g => g.Key, g => g.Sum(l => l.Quantity!.Value));
        checkout.Lines.RemoveAll(l => !wanted.ContainsKey(l.VariantId));
        foreach (var (variantId, quantity) in wanted)
        {
            if (checkout.Lines.Find(l => l.VariantId == variantId) is { } line)
            {
                line.Quantity = quantity;
            }
            else
            {
                checkout.Lines.Add(new CheckoutLine { Id = Guid.CreateVersion7(), CheckoutId = checkout.Id, VariantId = variantId, Quantity = quantity });
            }
        }
        return errors;
    }
}
