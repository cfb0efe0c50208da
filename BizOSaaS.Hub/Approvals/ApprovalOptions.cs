namespace BizOSaaS.Hub.Approvals;

/// <summary>The <c>Approvals</c> section: how often the durable timers and the callback outbox are scanned.</summary>
public sealed class ApprovalOptions
{
    public const string SectionName = "Approvals";

    /// <summary>How often every tenant's pending requests are checked for due dates and expiry.</summary>
    public TimeSpan TimerInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often the outbox is scanned for callbacks to (re)send; a decision on this replica also wakes it at once.</summary>
    public TimeSpan DeliveryInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The longest wait between two attempts of one callback (the wait doubles from 1 s up to this).</summary>
    public TimeSpan CallbackBackoffCap { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long one attempt may take before it counts as failed.</summary>
    public TimeSpan CallbackTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How many requests or callbacks one scan of one tenant handles; the rest wait for the next scan.</summary>
    public int BatchSize { get; set; } = 100;
}
