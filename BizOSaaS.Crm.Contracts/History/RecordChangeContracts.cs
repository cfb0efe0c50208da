using System.Text.Json;

namespace BizOSaaS.Crm.Contracts;

public sealed record RecordChangeResponse(Guid Id, string EntityType, Guid EntityId, string Action, Guid? ActorId, string ActorName,
    JsonElement? Changes, string? Summary, DateTimeOffset OccurredAt);
