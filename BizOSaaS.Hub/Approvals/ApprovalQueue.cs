using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using BizOSaaS.Hub.Audit;
using BizOSaaS.Hub.Data;
using BizOSaaS.Hub.Tenancy;
using BizOSaaS.Platform.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace BizOSaaS.Hub.Approvals;

public enum ApprovalOutcomeKind
{
    Created,
    Existing,
    Changed,
    Unchanged,
    Invalid,
    TooLarge,
    NotFound,
    Forbidden,
    Conflict,
}

public sealed record ApprovalOutcome(ApprovalOutcomeKind Kind, ApprovalRequest? Request = null, string? Reason = null,
    FieldErrors? Errors = null);

/// <summary>
/// The approval queue of the current tenant: creating requests, every action a person or service takes on
/// them (each judged by <see cref="ApprovalRules.Evaluate"/>), and the durable timers' escalation and expiry.
/// Every change writes its history row, its audit event and, when the request ends, its callback in the
/// outbox, all in one transaction; the live notification follows the commit.
/// </summary>
public sealed class ApprovalQueue(HubDb db, AuditLog audit, TenantContext tenants, RequestValidator validator, TimeProvider clock, IConfiguration configuration,
    ApprovalNotifications notifications, ApprovalCallbackDelivery delivery, IOptions<ApprovalOptions> options, ILogger<ApprovalQueue> logger)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly TimeSpan LongestHorizon = TimeSpan.FromDays(366);

    public async Task<ApprovalOutcome> CreateAsync(CreateApprovalRequest body, string? headerKey, ApprovalActor actor, CancellationToken cancellationToken)
    {
        var tenantId = tenants.RequiredTenantId;
        var now = ApprovalRules.Stored(clock.GetUtcNow());
        // The body's own field rules (CreateApprovalRequest's attributes), then those that need the header, the clock,
        // the actor or the tenant's data: one answer names every field to fix.
        var errors = await validator.ValidateAsync(body, cancellationToken);

        var key = headerKey ?? body.IdempotencyKey;
        if (headerKey is not null && body.IdempotencyKey is not null && headerKey != body.IdempotencyKey)
        {
            errors.Add("idempotencyKey", "The Idempotency-Key header and the idempotencyKey field name different keys.");
        }
        else if (key is not null && !ApprovalRules.IsIdempotencyKey(key))
        {
            errors.Add("idempotencyKey", "An idempotency key is 1 to 200 printable ASCII characters.");
        }
        var priority = body.Priority is not null && ApprovalPriorities.TryParse(body.Priority, out var parsed) ? parsed : ApprovalPriority.Medium;
        var title = body.Title.Trimmed() ?? "";
        var summary = body.Summary.Trimmed();
        string payload = "{}";
        if (body.Payload is { ValueKind: not (JsonValueKind.Undefined or JsonValueKind.Null) } given)
        {
            if (given.ValueKind != JsonValueKind.Object)
            {
                errors.Add("payload", "payload must be a JSON object.");
            }
            else
            {
                // Compact, in the sender's key order (the UI shows the fields in that order).
                payload = JsonSerializer.Serialize(given);
            }
        }
        var origin = string.IsNullOrWhiteSpace(body.OriginService) ? null : body.OriginService.Trim();
        var callbackPath = string.IsNullOrWhiteSpace(body.CallbackPath) ? null : body.CallbackPath.Trim();
        if ((origin is null) != (callbackPath is null))
        {
            errors.Add(origin is null ? "originService" : "callbackPath", "originService and callbackPath go together: give both or neither.");
        }
        else if (origin is not null)
        {
            // Only services the hub knows through service discovery: a callback can never be aimed at an arbitrary host.
            if (!ApprovalRules.IsServiceName(origin) || !configuration.GetSection($"services:{origin}").Exists())
            {
                errors.Add("originService", $"originService must be a platform service the hub knows ({string.Join(", ", KnownServices())}).");
            }
            if (!ApprovalRules.IsCallbackPath(callbackPath))
            {
                errors.Add("callbackPath", "callbackPath must be an absolute path on the origin service, e.g. /api/approvals/decisions (letters, digits, / - _ . ~).");
            }
        }
        var candidateRoles = body.CandidateRoles?.Distinct(StringComparer.Ordinal).ToList();
        if (candidateRoles is not null && (candidateRoles.Count == 0 || candidateRoles.Any(r => !ApprovalRules.CandidateRoleNames.Contains(r))))
        {
            errors.Add("candidateRoles", $"candidateRoles must name one or more of: {string.Join(", ", ApprovalRules.CandidateRoleNames)}.");
        }
        if (body.DueAt is { } dueGiven && (dueGiven <= now || dueGiven > now + LongestHorizon))
        {
            errors.Add("dueAt", "dueAt must be in the future, within a year.");
        }
        if (body.ExpiresAt is { } expiresGiven && (expiresGiven <= now || expiresGiven > now + LongestHorizon))
        {
            errors.Add("expiresAt", "expiresAt must be in the future, within a year.");
        }
        var agent = body.RequestedByAgent.Trimmed();
        if (!actor.IsService && (agent is not null || body.RequestedByUserId is not null))
        {
            errors.Add(agent is not null ? "requestedByAgent" : "requestedByUserId",
                "Only a service token names an agent or the person it asks for; a person's request is their own.");
        }

        var type = body.Type is null ? null : await db.ApprovalTypes.AsNoTracking().FirstOrDefaultAsync(t => t.Name == body.Type, cancellationToken);
        if (type is null && body.Type.Trimmed() is not null)
        {
            var known = await db.ApprovalTypes.AsNoTracking().OrderBy(t => t.Name).Select(t => t.Name).ToListAsync(cancellationToken);
            errors.Add("type", $"Unknown type '{Shorten(body.Type!, 60)}'. Registered types: {string.Join(", ", known)}.");
        }

        (Guid? UserId, string? Email) requester = actor.IsPerson ? (actor.UserId, actor.Email) : (null, null);
        if (actor.IsService && body.RequestedByUserId is { } onBehalfOf)
        {
            var person = await MemberAsync(tenantId, onBehalfOf, cancellationToken);
            if (person is null)
            {
                errors.Add("requestedByUserId", "requestedByUserId must be a member of the tenant.");
            }
            requester = (onBehalfOf, person?.User?.Email);
        }
        Membership? assignee = null;
        if (body.AssigneeUserId is { } assigneeId)
        {
            assignee = await MemberAsync(tenantId, assigneeId, cancellationToken);
            if (assignee is null)
            {
                errors.Add("assigneeUserId", "assigneeUserId must be a member of the tenant.");
            }
            else if (assigneeId == requester.UserId)
            {
                errors.Add("assigneeUserId", "Four-eyes rule: the requester cannot be the assignee.");
            }
        }

        var settings = await CurrentSettingsAsync(cancellationToken);
        var dueAt = body.DueAt is { } due ? ApprovalRules.Stored(due) : ApprovalRules.DueAt(now, priority, settings);
        var expiresAt = body.ExpiresAt is { } expires ? ApprovalRules.Stored(expires) : ApprovalRules.ExpiresAt(now, dueAt, type?.ExpiresAfter ?? TimeSpan.Zero);
        if (body.ExpiresAt is not null && expiresAt < dueAt && !errors.Has("dueAt") && !errors.Has("expiresAt"))
        {
            errors.Add("expiresAt", $"expiresAt must not be before the request is due ({dueAt:u}).");
        }
        if (errors.Any)
        {
            return new ApprovalOutcome(ApprovalOutcomeKind.Invalid, Errors: errors);
        }
        var payloadBytes = Encoding.UTF8.GetByteCount(payload);
        if (payloadBytes > ApprovalRules.MaxPayloadBytes)
        {
            return new ApprovalOutcome(ApprovalOutcomeKind.TooLarge,
                Reason: $"payload is {payloadBytes:N0} bytes of JSON; the limit is {ApprovalRules.MaxPayloadBytes:N0}. Keep large content where it lives and link to it.");
        }

        var fingerprint = Fingerprint(body.Type!, priority, title!, summary, payload, origin, callbackPath, body.CandidateRoles, body.AssigneeUserId,
            body.DueAt, body.ExpiresAt, agent, body.RequestedByUserId);
        var id = key is null ? Guid.CreateVersion7() : ApprovalRules.IdFor(tenantId, key);
        if (key is not null && await db.ApprovalRequests.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, cancellationToken) is { } earlier)
        {
            return SameKey(earlier, fingerprint);
        }

        var request = new ApprovalRequest
        {
            Id = id,
            TenantId = tenantId,
            Type = type!.Name,
            Priority = priority,
            Title = title!,
            Summary = summary,
            Payload = payload,
            Fingerprint = fingerprint,
            IdempotencyKey = key,
            OriginService = origin,
            CallbackPath = callbackPath,
            RequestedByUserId = requester.UserId,
            RequestedByEmail = requester.Email,
            RequestedByClient = actor.IsService ? actor.ClientId : null,
            RequestedByAgent = agent,
            CandidateRoles = candidateRoles ?? [.. type.CandidateRoles],
            AssigneeUserId = assignee?.UserId,
            AssigneeEmail = assignee?.User?.Email,
            CreatedAt = now,
            DueAt = dueAt,
            ExpiresAt = expiresAt,
        };
        db.ApprovalRequests.Add(request);
        AddEvent(request, ApprovalEventKinds.Created, null, RequesterName(request), request.RequestedByUserId, null, now);
        try
        {
            await audit.RecordAsync(tenantId, AuditEventTypes.ApprovalCreated,
                $"{request.Type} request \"{request.Title}\" ({request.Priority.Name()}) by {RequesterName(request)}", await AccountAsync(actor, cancellationToken),
                cancellationToken: cancellationToken);
        }
        catch (DbUpdateException ex) when (key is not null && ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // The same key from another caller (or replica) at the same moment: the primary key let one in.
            db.ChangeTracker.Clear();
            var winner = await db.ApprovalRequests.AsNoTracking().FirstAsync(r => r.Id == id, cancellationToken);
            return SameKey(winner, fingerprint);
        }
        await notifications.PublishAsync(request, ApprovalEventKinds.Created, now);
        return new ApprovalOutcome(ApprovalOutcomeKind.Created, request);
    }

    /// <summary>Claim, unclaim, approve, reject, request changes or cancel: judged by <see cref="ApprovalRules.Evaluate"/>, the one place for every path.</summary>
    public async Task<ApprovalOutcome> ActAsync(Guid id, ApprovalAction action, string? comment, ApprovalActor actor, CancellationToken cancellationToken)
    {
        var request = await db.ApprovalRequests.FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (request is null)
        {
            return new ApprovalOutcome(ApprovalOutcomeKind.NotFound);
        }
        var verdict = ApprovalRules.Evaluate(request, actor, action);
        switch (verdict.Kind)
        {
            case ApprovalVerdictKind.Forbidden:
                return new ApprovalOutcome(ApprovalOutcomeKind.Forbidden, request, verdict.Reason);
            case ApprovalVerdictKind.Conflict:
                return new ApprovalOutcome(ApprovalOutcomeKind.Conflict, request, verdict.Reason);
            case ApprovalVerdictKind.Unchanged:
                return new ApprovalOutcome(ApprovalOutcomeKind.Unchanged, request);
        }

        var now = ApprovalRules.Stored(clock.GetUtcNow());
        var from = request.Status;
        var kind = ApprovalRules.EventKind(action);
        switch (action)
        {
            case ApprovalAction.Claim:
                request.AssigneeUserId = actor.UserId;
                request.AssigneeEmail = actor.Email;
                break;
            case ApprovalAction.Unclaim:
                request.AssigneeUserId = null;
                request.AssigneeEmail = null;
                break;
            default:
                Close(request, ApprovalRules.TargetStatus(action), actor.Name, actor.UserId, comment, now);
                break;
        }
        AddEvent(request, kind, from, actor.Name, actor.UserId, comment, now);
        try
        {
            if (request.IsPending)
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            else
            {
                var type = action == ApprovalAction.Cancel ? AuditEventTypes.ApprovalCancelled : AuditEventTypes.ApprovalDecided;
                await audit.RecordAsync(request.TenantId, type, $"{request.Type} request \"{request.Title}\": {request.Status} by {actor.Name}",
                    await AccountAsync(actor, cancellationToken), cancellationToken: cancellationToken);
            }
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return new ApprovalOutcome(ApprovalOutcomeKind.Conflict, null,
                "Someone else changed this request at the same moment; read it again to see its state.");
        }
        await AfterCommitAsync(request, kind, now);
        return new ApprovalOutcome(ApprovalOutcomeKind.Changed, request);
    }

    /// <summary>
    /// The durable timers of the current tenant: requests past their expiry end by their type's policy, then
    /// requests past their due date escalate once. Both read the stored times, so a time that passed while no
    /// hub was running is acted on at the first scan after one starts. Returns how many requests changed.
    /// </summary>
    public async Task<int> RunTimersAsync(CancellationToken cancellationToken)
    {
        var now = ApprovalRules.Stored(clock.GetUtcNow());
        var batch = options.Value.BatchSize;
        var changed = 0;
        var expiring = await db.ApprovalRequests.AsNoTracking()
            .Where(r => r.Status == ApprovalStatus.Pending && r.ExpiresAt <= now)
            .OrderBy(r => r.ExpiresAt).Select(r => r.Id).Take(batch).ToListAsync(cancellationToken);
        foreach (var id in expiring)
        {
            changed += await ExpireAsync(id, now, cancellationToken) ? 1 : 0;
        }
        var overdue = await db.ApprovalRequests.AsNoTracking()
            .Where(r => r.Status == ApprovalStatus.Pending && r.EscalatedAt == null && r.DueAt <= now && r.ExpiresAt > now)
            .OrderBy(r => r.DueAt).Select(r => r.Id).Take(batch).ToListAsync(cancellationToken);
        foreach (var id in overdue)
        {
            changed += await EscalateAsync(id, now, cancellationToken) ? 1 : 0;
        }
        return changed;
    }

    private async Task<bool> ExpireAsync(Guid id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var request = await db.ApprovalRequests.FirstOrDefaultAsync(r => r.Id == id && r.Status == ApprovalStatus.Pending, cancellationToken);
        if (request is null)
        {
            return false;
        }
        var policy = await db.ApprovalTypes.AsNoTracking().Where(t => t.Name == request.Type).Select(t => t.ExpiryPolicy)
            .FirstOrDefaultAsync(cancellationToken) ?? ApprovalExpiryPolicies.Expire;
        var status = ApprovalRules.ExpiredStatus(policy);
        var kind = status == ApprovalStatus.Rejected ? ApprovalEventKinds.AutoRejected : ApprovalEventKinds.Expired;
        var comment = status == ApprovalStatus.Rejected
            ? $"Rejected automatically: nobody decided by {request.ExpiresAt:u}, and {request.Type} requests are rejected when they expire."
            : $"Expired: nobody decided by {request.ExpiresAt:u}.";
        Close(request, status, ApprovalRules.SystemActor, null, comment, now);
        AddEvent(request, kind, ApprovalStatus.Pending, ApprovalRules.SystemActor, null, comment, now);
        return await SaveTimerChangeAsync(request, AuditEventTypes.ApprovalExpired,
            $"{request.Type} request \"{request.Title}\" {(status == ApprovalStatus.Rejected ? "rejected automatically" : "expired")} at {request.ExpiresAt:u}",
            kind, now, cancellationToken);
    }

    private async Task<bool> EscalateAsync(Guid id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var request = await db.ApprovalRequests.FirstOrDefaultAsync(r => r.Id == id && r.Status == ApprovalStatus.Pending && r.EscalatedAt == null, cancellationToken);
        if (request is null)
        {
            return false;
        }
        var from = request.Priority;
        request.Priority = ApprovalRules.Escalate(from);
        request.EscalatedAt = now;
        var comment = $"Not decided by {request.DueAt:u}; priority {from.Name()} → {request.Priority.Name()}.";
        AddEvent(request, ApprovalEventKinds.Escalated, ApprovalStatus.Pending, ApprovalRules.SystemActor, null, comment, now, from);
        return await SaveTimerChangeAsync(request, AuditEventTypes.ApprovalEscalated, $"{request.Type} request \"{request.Title}\": {comment}",
            ApprovalEventKinds.Escalated, now, cancellationToken);
    }

    private async Task<bool> SaveTimerChangeAsync(ApprovalRequest request, string auditType, string detail, string kind, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        try
        {
            await audit.RecordAsync(request.TenantId, auditType, detail, cancellationToken: cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // A person decided it (or another hub replica's timer got there) in the meantime: theirs stands.
            db.ChangeTracker.Clear();
            logger.LogInformation("Request {RequestId} changed while its timer fired; left as it is.", request.Id);
            return false;
        }
        await AfterCommitAsync(request, kind, now);
        return true;
    }

    /// <summary>The request ends: its decision, and the callback to its origin in the same transaction.</summary>
    private void Close(ApprovalRequest request, string status, string decidedBy, Guid? decidedByUserId, string? comment, DateTimeOffset now)
    {
        request.Status = status;
        request.DecidedBy = decidedBy;
        request.DecidedByUserId = decidedByUserId;
        request.DecidedAt = now;
        request.DecisionComment = comment;
        if (request.OriginService is null || request.CallbackPath is null)
        {
            return;
        }
        var body = new ApprovalCallbackBody(request.Id, request.TenantId, request.Type, status, decidedBy, now, comment, request.IdempotencyKey,
            ApprovalResponse.ParsePayload(request.Payload));
        db.ApprovalCallbacks.Add(new ApprovalCallback
        {
            Id = Guid.CreateVersion7(),
            TenantId = request.TenantId,
            RequestId = request.Id,
            OriginService = request.OriginService,
            CallbackPath = request.CallbackPath,
            Body = JsonSerializer.Serialize(body, Json),
            CreatedAt = now,
            NextAttemptAt = now,
        });
    }

    private void AddEvent(ApprovalRequest request, string kind, string? fromStatus, string actor, Guid? actorUserId, string? comment, DateTimeOffset now,
        ApprovalPriority? fromPriority = null) =>
        db.ApprovalEvents.Add(new ApprovalEvent
        {
            Id = Guid.CreateVersion7(),
            TenantId = request.TenantId,
            RequestId = request.Id,
            OccurredAt = now,
            Kind = kind,
            FromStatus = fromStatus,
            ToStatus = request.Status,
            FromPriority = fromPriority,
            ToPriority = fromPriority is null ? null : request.Priority,
            Actor = actor,
            ActorUserId = actorUserId,
            Comment = comment,
        });

    private async Task AfterCommitAsync(ApprovalRequest request, string kind, DateTimeOffset now)
    {
        await notifications.PublishAsync(request, kind, now);
        if (!request.IsPending && request.OriginService is not null)
        {
            delivery.Wake();
        }
    }

    /// <summary>The newest version of the tenant's settings, or none (the platform's defaults apply).</summary>
    public Task<ApprovalSettings?> CurrentSettingsAsync(CancellationToken cancellationToken) =>
        db.ApprovalSettings.AsNoTracking().OrderByDescending(s => s.ChangedAt).ThenByDescending(s => s.Id).FirstOrDefaultAsync(cancellationToken);

    private static ApprovalOutcome SameKey(ApprovalRequest earlier, string fingerprint) =>
        earlier.Fingerprint == fingerprint
            ? new ApprovalOutcome(ApprovalOutcomeKind.Existing, earlier)
            : new ApprovalOutcome(ApprovalOutcomeKind.Conflict, earlier,
                "That idempotency key was already used for a different request. Use a new key for a new request.");

    private Task<Membership?> MemberAsync(Guid tenantId, Guid userId, CancellationToken cancellationToken) =>
        db.Memberships.AsNoTracking().Include(m => m.User).FirstOrDefaultAsync(m => m.TenantId == tenantId && m.UserId == userId, cancellationToken);

    private async Task<UserAccount?> AccountAsync(ApprovalActor actor, CancellationToken cancellationToken) =>
        actor.IsPerson ? await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == actor.UserId, cancellationToken) : null;

    private IEnumerable<string> KnownServices() =>
        configuration.GetSection("services").GetChildren().Select(s => s.Key).Order(StringComparer.Ordinal);

    private static string RequesterName(ApprovalRequest request) =>
        request.RequestedByClient is { } client
            ? (request.RequestedByAgent is { } agent ? $"{client} ({agent})" : client) + (request.RequestedByEmail is { } email ? $" for {email}" : "")
            : request.RequestedByEmail ?? "unknown";

    private static string Shorten(string value, int length) => value.Length <= length ? value : value[..length] + "…";

    /// <summary>SHA-256 over what the request asks for (not the key itself), to tell a retry from a different request.</summary>
    private static string Fingerprint(string type, ApprovalPriority priority, string title, string? summary, string payload, string? origin,
        string? callbackPath, List<string>? candidateRoles, Guid? assignee, DateTimeOffset? dueAt, DateTimeOffset? expiresAt, string? agent, Guid? onBehalfOf)
    {
        var canonical = JsonSerializer.Serialize(new object?[]
        {
            type, priority.Name(), title, summary, payload, origin, callbackPath, candidateRoles, assignee,
            dueAt?.ToUniversalTime(), expiresAt?.ToUniversalTime(), agent, onBehalfOf,
        });
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }
}
