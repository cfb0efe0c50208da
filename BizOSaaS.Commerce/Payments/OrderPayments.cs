using BizOSaaS.Commerce.Data;
using BizOSaaS.Commerce.Orders;
using BizOSaaS.Commerce.Validation;
using Microsoft.EntityFrameworkCore;

namespace BizOSaaS.Commerce.Payments;

/// <summary>
/// Money for an order: charges through a provider, manual payments marked paid by staff, refunds. Each runs under the
/// order's row lock and records what the provider answered as transaction events, and the order's charged and refunded
/// amounts move with them in the same transaction; the database refuses an order whose net charge exceeds its total or
/// whose refunds exceed its charges, so the amounts always reconcile.
/// </summary>
public sealed class OrderPayments(CommerceDb db, IEnumerable<IPaymentProvider> providers, TimeProvider clock)
{
    public async Task<StoreOutcome> PayAsync(Guid orderId, PaymentRequest request, string actor, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (await db.LockOrderAsync(orderId, cancellationToken) is not { } order)
        {
            return new StoreOutcome.NotFound("Order");
        }
        if (order.Status == OrderStatuses.Cancelled)
        {
            return new StoreOutcome.Refused("Order cancelled", "A cancelled order takes no payments.");
        }
        var pending = await db.PaymentTransactions.Where(t => t.OrderId == order.Id && t.Status == TransactionStatuses.Pending).SumAsync(t => t.Requested, cancellationToken);
        var due = order.Total - (order.Charged - order.Refunded) - pending;
        var amount = request.Amount ?? due;
        if (amount <= 0 || amount > due)
        {
            return new StoreOutcome.Invalid(FieldErrors.Of("amount", due <= 0
                ? "Nothing is left to pay on this order (pending payments count as on their way)."
                : $"amount must be more than 0 and at most the {due} {order.Currency} still due."));
        }
        var provider = Provider(request.Method!.Trim().ToLowerInvariant());
        var outcome = await provider.ChargeAsync(order.Id, amount, order.Currency, request.TestCard, cancellationToken);
        var now = clock.GetUtcNow();
        var payment = new PaymentTransaction { Id = Guid.CreateVersion7(), OrderId = order.Id, Method = provider.Method, Status = outcome.Status, Reference = outcome.Reference, Requested = amount, CreatedAt = now };
        var kind = outcome.Status switch
        {
            TransactionStatuses.Charged => TransactionEventKinds.Charge,
            TransactionStatuses.Pending => TransactionEventKinds.Authorize,
            _ => TransactionEventKinds.ChargeFailed,
        };
        payment.Events.Add(Event(payment, kind, amount, outcome.Message, actor, now));
        if (outcome.Status == TransactionStatuses.Charged)
        {
            payment.Charged = amount;
            order.Charged += amount;
        }
        order.UpdatedAt = now;
        db.PaymentTransactions.Add(payment);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return outcome.Status == TransactionStatuses.Failed ? new StoreOutcome.Declined(outcome.Message ?? "The payment was declined.") : new StoreOutcome.Done();
    }

    public async Task<StoreOutcome> MarkPaidAsync(Guid orderId, Guid transactionId, string actor, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (await db.LockOrderAsync(orderId, cancellationToken) is not { } order)
        {
            return new StoreOutcome.NotFound("Order");
        }
        var payment = await db.PaymentTransactions.FirstOrDefaultAsync(t => t.Id == transactionId && t.OrderId == orderId, cancellationToken);
        if (payment is null)
        {
            return new StoreOutcome.NotFound("Payment");
        }
        if (payment.Status != TransactionStatuses.Pending)
        {
            return new StoreOutcome.Refused("Payment not pending", $"The payment is {payment.Status.Replace('_', ' ')}; only a pending manual payment can be marked paid.");
        }
        var now = clock.GetUtcNow();
        payment.Status = TransactionStatuses.Charged;
        payment.Charged = payment.Requested;
        db.TransactionEvents.Add(Event(payment, TransactionEventKinds.Charge, payment.Requested, "Marked paid by staff.", actor, now));
        order.Charged += payment.Requested;
        order.UpdatedAt = now;
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new StoreOutcome.Done();
    }

    public async Task<StoreOutcome> RefundAsync(Guid orderId, RefundRequest request, string actor, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (await db.LockOrderAsync(orderId, cancellationToken) is not { } order)
        {
            return new StoreOutcome.NotFound("Order");
        }
        var refundable = order.Charged - order.Refunded;
        var amount = request.Amount!.Value;
        if (amount <= 0 || amount > refundable)
        {
            return new StoreOutcome.Invalid(FieldErrors.Of("amount", refundable <= 0 ? "Nothing charged on this order is left to refund." : $"amount must be more than 0 and at most the {refundable} {order.Currency} charged and not refunded."));
        }
        await RefundAcrossAsync(order, amount, request.Reason.Trimmed(), actor, clock.GetUtcNow(), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new StoreOutcome.Done();
    }

    /// <summary>For a cancelled order, inside its transaction: pending manual payments are cancelled, charged money refunded.</summary>
    public async Task SettleCancelledAsync(Order order, string actor, DateTimeOffset now, CancellationToken cancellationToken)
    {
        foreach (var pending in await db.PaymentTransactions.Where(t => t.OrderId == order.Id && t.Status == TransactionStatuses.Pending).ToListAsync(cancellationToken))
        {
            pending.Status = TransactionStatuses.Cancelled;
            db.TransactionEvents.Add(Event(pending, TransactionEventKinds.Cancel, pending.Requested, "The order was cancelled.", actor, now));
        }
        if (order.Charged - order.Refunded is > 0 and var rest)
        {
            await RefundAcrossAsync(order, rest, "The order was cancelled.", actor, now, cancellationToken);
        }
    }

    /// <summary>Refunds <paramref name="amount"/> from the order's charged payments, newest first.</summary>
    private async Task RefundAcrossAsync(Order order, decimal amount, string? reason, string actor, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var charged = await db.PaymentTransactions.Where(t => t.OrderId == order.Id && t.Charged > t.Refunded).OrderByDescending(t => t.CreatedAt).ToListAsync(cancellationToken);
        var left = amount;
        foreach (var payment in charged)
        {
            var part = Math.Min(left, payment.Charged - payment.Refunded);
            var outcome = await Provider(payment.Method).RefundAsync(payment, part, cancellationToken);
            payment.Refunded += part;
            payment.Status = payment.Refunded == payment.Charged ? TransactionStatuses.Refunded : TransactionStatuses.PartiallyRefunded;
            db.TransactionEvents.Add(Event(payment, TransactionEventKinds.Refund, part, reason is null ? outcome.Message : $"{reason} {outcome.Message}", actor, now));
            left -= part;
            if (left == 0)
            {
                break;
            }
        }
        order.Refunded += amount;
        order.UpdatedAt = now;
    }

    private IPaymentProvider Provider(string method) => providers.First(p => p.Method == method);

    private static TransactionEvent Event(PaymentTransaction payment, string kind, decimal amount, string? message, string actor, DateTimeOffset at) =>
        new() { Id = Guid.CreateVersion7(), TransactionId = payment.Id, Kind = kind, Amount = amount, Message = message, ActorName = actor, OccurredAt = at };
}
