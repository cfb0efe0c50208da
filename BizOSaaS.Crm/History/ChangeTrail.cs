using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Nodes;
using BizOSaaS.Crm.Data;
using BizOSaaS.Platform.Identity;

namespace BizOSaaS.Crm.History;

/// <summary>Who is changing a record: a person (id and name from the token) or a service.</summary>
public sealed record Actor(Guid? Id, string Name)
{
    public static Actor From(ClaimsPrincipal user) => new(user.UserId(), NameOf(user));

    public static string NameOf(ClaimsPrincipal user) => user.DisplayName();

    public static readonly Actor Scoring = new(null, "lead scoring");
}

/// <summary>Writes the audit trail of leads and deals: each change as the fields that changed, before and after,
/// added to the same unit of work as the change itself so neither is saved without the other.</summary>
public static class ChangeTrail
{
    public const string Lead = "lead";
    public const string Deal = "deal";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static void Record(CrmDb db, string entityType, Guid entityId, string action, Actor actor, object? changes, string? summary, DateTimeOffset at) =>
        db.RecordChanges.Add(Create(entityType, entityId, action, actor, changes, summary, at));

    public static RecordChange Create(string entityType, Guid entityId, string action, Actor actor, object? changes, string? summary, DateTimeOffset at) => new()
    {
        Id = Guid.CreateVersion7(),
        EntityType = entityType,
        EntityId = entityId,
        Action = action,
        ActorId = actor.Id,
        ActorName = actor.Name.Length > 200 ? actor.Name[..200] : actor.Name,
        Changes = changes is null ? null : JsonSerializer.SerializeToDocument(changes, changes.GetType(), Json),
        Summary = summary is { Length: > 500 } ? summary[..500] : summary,
        OccurredAt = at,
    };

    /// <summary>{ field: { from, to } } for every field whose JSON differs between two snapshots of the same type.</summary>
    public static Dictionary<string, FieldChange> Diff<T>(T before, T after)
    {
        var from = JsonSerializer.SerializeToNode(before, Json)!.AsObject();
        var to = JsonSerializer.SerializeToNode(after, Json)!.AsObject();
        var changes = new Dictionary<string, FieldChange>();
        foreach (var (field, value) in to)
        {
            var old = from[field];
            if (!JsonNode.DeepEquals(old, value))
            {
                changes[field] = new FieldChange(old?.DeepClone(), value?.DeepClone());
            }
        }
        return changes;
    }
}

public sealed record FieldChange(JsonNode? From, JsonNode? To);

