namespace BizOSaaS.Commerce.Payments;

/// <summary>What a payment method answered: charged now, pending (money to arrive by a manual method), or declined.</summary>
public sealed record PaymentOutcome(string Status, string? Reference, string? Message);

/// <summary>
/// The seam between the store and whoever moves the money. A provider charges and refunds; the store records what it
/// answered as transaction events and keeps the order's amounts. A card processor (Stripe, Adyen) is another
/// implementation with the tenant's own credentials; none ships here.
/// </summary>
public interface IPaymentProvider
{
    /// <summary>The <see cref="Contracts.PaymentMethods"/> value it serves.</summary>
    string Method { get; }

    Task<PaymentOutcome> ChargeAsync(Guid orderId, decimal amount, string currency, string? testCard, CancellationToken cancellationToken);

    Task<PaymentOutcome> RefundAsync(PaymentTransaction transaction, decimal amount, CancellationToken cancellationToken);
}

/// <summary>Development and tests: charges at once, except the card 4000 0000 0000 0002, which is declined (as card
/// processors' test modes do).</summary>
public sealed class TestPaymentProvider : IPaymentProvider
{
    public const string DeclinedCard = "4000000000000002";

    public string Method => PaymentMethods.Test;

    public Task<PaymentOutcome> ChargeAsync(Guid orderId, decimal amount, string currency, string? testCard, CancellationToken cancellationToken) =>
        Task.FromResult(testCard?.Replace(" ", "", StringComparison.Ordinal) == DeclinedCard
            ? new PaymentOutcome(TransactionStatuses.Failed, null, "The test card 4000 0000 0000 0002 is always declined.")
            : new PaymentOutcome(TransactionStatuses.Charged, $"test_{Guid.NewGuid():N}", $"Charged {amount} {currency} with the test provider."));

    public Task<PaymentOutcome> RefundAsync(PaymentTransaction transaction, decimal amount, CancellationToken cancellationToken) =>
        Task.FromResult(new PaymentOutcome(TransactionStatuses.Refunded, $"test_refund_{Guid.NewGuid():N}", $"Refunded {amount} with the test provider."));
}

/// <summary>Bank transfer and cash on delivery: nothing is charged online. The payment waits as pending until staff mark it
/// paid; a refund is recorded as money staff pay back the same way.</summary>
public sealed class ManualPaymentProvider(string method) : IPaymentProvider
{
    public string Method => method;

    public Task<PaymentOutcome> ChargeAsync(Guid orderId, decimal amount, string currency, string? testCard, CancellationToken cancellationToken) =>
        Task.FromResult(new PaymentOutcome(TransactionStatuses.Pending, null, method == PaymentMethods.BankTransfer
            ? $"Waiting for a bank transfer of {amount} {currency}."
            : $"{amount} {currency} to be paid on delivery."));

    public Task<PaymentOutcome> RefundAsync(PaymentTransaction transaction, decimal amount, CancellationToken cancellationToken) =>
        Task.FromResult(new PaymentOutcome(TransactionStatuses.Refunded, null, $"{amount} to be paid back by staff ({method.Replace('_', ' ')})."));
}
