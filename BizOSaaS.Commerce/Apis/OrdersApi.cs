using System.Security.Claims;
using BizOSaaS.Commerce.Data;
using BizOSaaS.Commerce.Orders;
using BizOSaaS.Commerce.Payments;
using BizOSaaS.Commerce.Store;
using BizOSaaS.Commerce.Validation;
using BizOSaaS.Platform.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace BizOSaaS.Commerce.Apis;

/// <summary>The tenant's orders: their life (<see cref="OrderWorkflow"/>), their money (<see cref="OrderPayments"/>) and the
/// revenue they add up to.</summary>
public static class OrdersApi
{
    public static IEndpointRouteBuilder MapOrdersApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/orders").WithTags("Orders").RequireAuthorization(PlatformPolicies.TenantUser);
        api.MapGet("/", List).ProducesValidationProblem().WithSummary("The tenant's orders, newest first; filter by status.");
        api.MapGet("/stats", Stats).ProducesValidationProblem().WithSummary("Net sales live from the orders: by day, top products, order count and average order value.");
        api.MapGet("/{id:guid}", Get).WithSummary("One order with its lines, shipments and payments.");
        api.MapPost("/{id:guid}/confirm", Confirm).WithSummary("Confirms an unconfirmed order.");
        api.MapPost("/{id:guid}/fulfillments", Fulfill).ProducesValidationProblem().WithSummary("Ships order lines from one warehouse.");
        api.MapPost("/{id:guid}/cancel", Cancel).WithSummary("Cancels an order with nothing shipped: its stock returns, its payments are refunded or cancelled.");
        api.MapPost("/{id:guid}/return", Return).WithSummary("A shipped order comes back: shipped stock returns to its warehouses, anything unshipped is released; refunds are separate.");
        api.MapPost("/{id:guid}/payments", Pay).ProducesValidationProblem().WithSummary("Charges the order (test provider) or records a manual payment to come.");
        api.MapPost("/{id:guid}/payments/{paymentId:guid}/mark-paid", MarkPaid).WithSummary("Staff: the bank transfer or cash for a pending payment arrived.");
        api.MapPost("/{id:guid}/refunds", Refund).ProducesValidationProblem().WithSummary("Refunds part or all of what was charged.");
        return app;
    }

    private sealed record DaySales(DateOnly Day, long Orders, long Demo, decimal Revenue);

    public sealed record OrderFilter
    {
        [OneOf(OrderStatuses.Unconfirmed, OrderStatuses.Unfulfilled, OrderStatuses.PartiallyFulfilled, OrderStatuses.Fulfilled, OrderStatuses.Cancelled, OrderStatuses.Returned)]
        public string? Status { get; init; }

        [Between(1, 500)]
        public int? Limit { get; init; }
    }

    private static async Task<Ok<List<OrderResponse>>> List([AsParameters] OrderFilter filter, CommerceDb db, CancellationToken cancellationToken)
    {
        var query = db.Orders.AsNoTracking().Include(o => o.Lines).Include(o => o.Fulfillments).ThenInclude(f => f.Lines).AsSplitQuery();
        query = filter.Status.Trimmed()?.ToLowerInvariant() is { } status ? query.Where(o => o.Status == status) : query;
        var orders = await query.OrderByDescending(o => o.CreatedAt).ThenByDescending(o => o.Id).Take(filter.Limit ?? 50).ToListAsync(cancellationToken);
        var ids = orders.Select(o => o.Id).ToList();
        var payments = (await db.PaymentTransactions.AsNoTracking().Include(t => t.Events).Where(t => ids.Contains(t.OrderId)).OrderBy(t => t.CreatedAt).ToListAsync(cancellationToken))
            .ToLookup(t => t.OrderId);
        return TypedResults.Ok(orders.Select(o => OrderReader.From(o, payments[o.Id].ToList())).ToList());
    }

    private static async Task<Results<Ok<OrderResponse>, ProblemHttpResult>> Get(Guid id, CommerceDb db, CancellationToken cancellationToken) =>
        await db.OrderResponseAsync(id, cancellationToken) is { } order ? TypedResults.Ok(order) : RecordProblems.NotFound("Order");

    private static async Task<Ok<RevenueStats>> Stats(CommerceDb db, TimeProvider clock, [Between(1, 366)] int? days, CancellationToken cancellationToken)
    {
        var window = days ?? 30;
        var firstDay = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime).AddDays(1 - window);
        var since = new DateTimeOffset(firstDay.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var settings = await db.StoreSettingsAsync(cancellationToken);
        var live = db.Orders.AsNoTracking().Where(o => o.Status != OrderStatuses.Cancelled && o.CreatedAt >= since);
        // UTC days, grouped by PostgreSQL (EF cannot group a timestamptz by its UTC date).
        var perDay = await db.Database.SqlQuery<DaySales>($"""
            SELECT (created_at AT TIME ZONE 'UTC')::date AS day, count(*) AS orders, count(*) FILTER (WHERE is_demo) AS demo, sum(total - refunded) AS revenue
            FROM orders WHERE status <> {OrderStatuses.Cancelled} AND created_at >= {since} GROUP BY 1
            """).ToDictionaryAsync(d => d.Day, cancellationToken);
        var top = await (from l in db.OrderLines.AsNoTracking()
                         join o in live on l.OrderId equals o.Id
                         group l by new { l.ProductId, l.ProductName } into g
                         select new { g.Key.ProductId, g.Key.ProductName, Quantity = g.Sum(l => (long)l.Quantity), Revenue = g.Sum(l => l.Total) })
            .OrderByDescending(x => x.Revenue).Take(10).ToListAsync(cancellationToken);
        var orders = perDay.Values.Sum(d => d.Orders);
        var revenue = perDay.Values.Sum(d => d.Revenue);
        var byDay = Enumerable.Range(0, window).Select(firstDay.AddDays)
            .Select(day => perDay.TryGetValue(day, out var d) ? new RevenueDay(day, d.Orders, d.Revenue) : new RevenueDay(day, 0, 0m)).ToList();
        return TypedResults.Ok(new RevenueStats(settings.Currency, window, orders, perDay.Values.Sum(d => d.Demo), revenue,
            orders == 0 ? 0 : decimal.Round(revenue / orders, 2, MidpointRounding.AwayFromZero), byDay,
            top.Select(t => new ProductRevenue(t.ProductId, t.ProductName, t.Quantity, t.Revenue)).ToList()));
    }

    private static async Task<Results<Ok<OrderResponse>, ValidationProblem, ProblemHttpResult>> Confirm(Guid id, OrderWorkflow workflow, CommerceDb db, CancellationToken cancellationToken) =>
        await Answer(await workflow.ConfirmAsync(id, cancellationToken), id, db, cancellationToken);

    private static async Task<Results<Ok<OrderResponse>, ValidationProblem, ProblemHttpResult>> Fulfill(
        Guid id, FulfillmentRequest request, ClaimsPrincipal user, OrderWorkflow workflow, CommerceDb db, CancellationToken cancellationToken) =>
        await Answer(await workflow.FulfillAsync(id, request, user.DisplayName(), cancellationToken), id, db, cancellationToken);

    private static async Task<Results<Ok<OrderResponse>, ValidationProblem, ProblemHttpResult>> Cancel(
        Guid id, ClaimsPrincipal user, OrderWorkflow workflow, CommerceDb db, CancellationToken cancellationToken) =>
        await Answer(await workflow.CancelAsync(id, user.DisplayName(), cancellationToken), id, db, cancellationToken);

    private static async Task<Results<Ok<OrderResponse>, ValidationProblem, ProblemHttpResult>> Return(
        Guid id, ClaimsPrincipal user, OrderWorkflow workflow, CommerceDb db, CancellationToken cancellationToken) =>
        await Answer(await workflow.ReturnAsync(id, user.DisplayName(), cancellationToken), id, db, cancellationToken);

    private static async Task<Results<Ok<OrderResponse>, ValidationProblem, ProblemHttpResult>> Pay(
        Guid id, PaymentRequest request, ClaimsPrincipal user, OrderPayments payments, CommerceDb db, CancellationToken cancellationToken) =>
        await Answer(await payments.PayAsync(id, request, user.DisplayName(), cancellationToken), id, db, cancellationToken);

    private static async Task<Results<Ok<OrderResponse>, ValidationProblem, ProblemHttpResult>> MarkPaid(
        Guid id, Guid paymentId, ClaimsPrincipal user, OrderPayments payments, CommerceDb db, CancellationToken cancellationToken) =>
        await Answer(await payments.MarkPaidAsync(id, paymentId, user.DisplayName(), cancellationToken), id, db, cancellationToken);

    private static async Task<Results<Ok<OrderResponse>, ValidationProblem, ProblemHttpResult>> Refund(
        Guid id, RefundRequest request, ClaimsPrincipal user, OrderPayments payments, CommerceDb db, CancellationToken cancellationToken) =>
        await Answer(await payments.RefundAsync(id, request, user.DisplayName(), cancellationToken), id, db, cancellationToken);

    private static async Task<Results<Ok<OrderResponse>, ValidationProblem, ProblemHttpResult>> Answer(StoreOutcome outcome, Guid id, CommerceDb db, CancellationToken cancellationToken) =>
        outcome switch
        {
            StoreOutcome.Done => TypedResults.Ok((await db.OrderResponseAsync(id, cancellationToken))!),
            StoreOutcome.Invalid invalid => invalid.Errors.ToProblem(),
            var other => CommerceProblems.For(other),
        };
}
