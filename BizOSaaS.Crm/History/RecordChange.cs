using System.Text.Json;
using BizOSaaS.Platform.Tenancy;

namespace BizOSaaS.Crm.History;

/// <summary>One change to a lead or a deal: who, what changed (field → before and after), when.</summary>
public sealed class RecordChange : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }

    /// <summary><c>lead</c> or <c>deal</c>.</summary>
    public required string EntityType { get; set; }
    public Guid EntityId { get; set; }

    /// <summary>e.g. <c>created</c>, <c>updated</c>, <c>deleted</c>, <c>converted</c>, <c>merged</c>, <c>imported</c>, <c>qualified</c>.</summary>
    public required string Action { get; set; }
    public Guid? ActorId { get; set; }
    public required string ActorName { get; set; }

    /// <summary>{ field: { "from": …, "to": … } }, or a snapshot for creations and deletions.</summary>
    public JsonDocument? Changes { get; set; }
    public string? Summary { get; set; }
    public DateTimeOffset OccurredAt { get; set; }
}
