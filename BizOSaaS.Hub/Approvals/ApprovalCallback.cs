using BizOSaaS.Platform.Tenancy;

namespace BizOSaaS.Hub.Approvals;

/// <summary>
/// The outbox: a request's outcome to tell its origin service, written in the same transaction as the
/// outcome and delivered by <see cref="ApprovalCallbackDelivery"/> until the origin answers 2xx.
/// </summary>
public sealed class ApprovalCallback : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public Guid RequestId { get; set; }
    public required string OriginService { get; set; }
    public required string CallbackPath { get; set; }

    /// <summary>The JSON body as of the decision; sent unchanged on every attempt.</summary>
    public required string Body { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public int Attempts { get; set; }

    /// <summary>When the next attempt is due; while an attempt runs, the end of its lease.</summary>
    public DateTimeOffset NextAttemptAt { get; set; }
    public DateTimeOffset? LastAttemptAt { get; set; }
    public int? LastStatusCode { get; set; }
    public string? LastError { get; set; }
    public DateTimeOffset? DeliveredAt { get; set; }

    /// <summary>PostgreSQL's <c>xmin</c>: one worker (of any hub replica) takes an attempt, the others skip it.</summary>
    public uint Version { get; set; }
}
