using System.Buffers.Text;
using System.Globalization;
using System.Security.Claims;
using System.Text;
using BizOSaaS.Hub.Approvals;
using BizOSaaS.Hub.Data;
using BizOSaaS.Platform.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.EntityFrameworkCore;

namespace BizOSaaS.Hub.Approvals;

/// <summary>
/// The approval queue at the paths the earlier platform's users know (<c>/api/brain/hitl/...</c>). Every action
/// goes through <see cref="ApprovalQueue"/>, and so through the one set of rules; row-level security scopes
/// everything to the token's tenant, so another tenant's request is simply not found.
/// </summary>
public static class ApprovalsApi
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    /// <summary>The whole create body: the 64 KB payload plus its other fields, with room to spare.</summary>
    private const long MaxCreateBodyBytes = 256 * 1024;

    public static IEndpointRouteBuilder MapApprovalsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/brain/hitl").WithTags("Approvals").RequireAuthorization(PlatformPolicies.TenantUser);
        api.MapGet("/queue", ListQueue)
            .WithSummary("The tenant's queue, most urgent first (priority, then due date). Filters: type, priority, status (default pending), assignee (me, unassigned or a user id); limit (1–100) and cursor for the next page.");
        api.MapGet("/stats", GetStats)
            .WithSummary("Counts for dashboards: pending requests by priority and by type, how many are overdue, and how many were decided in the last 30 days.");
        api.MapGet("/history", ListHistory)
            .WithSummary("Requests that ended (approved, rejected, changes_requested, expired, cancelled), newest first. Filters: type, status, since; limit and cursor.");
        api.MapGet("/requests/{id:guid}", GetRequest)
            .WithSummary("One request with every state change it went through and where its callback stands.");
        api.MapPost("/requests", CreateRequest).ValidatedWithHandlerRules()
            .WithMetadata(new RequestSizeLimitAttribute(MaxCreateBodyBytes))
            .WithSummary("Creates a request (services, agents and people). With an idempotency key (Idempotency-Key header or idempotencyKey) the same request again answers 200 with the one created first; a different one under the same key 409.");
        api.MapPost("/approve/{id:guid}", (Guid id, [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] ApprovalDecisionRequest? body, ClaimsPrincipal user, ApprovalQueue queue, CancellationToken cancellationToken) =>
                ActAsync(id, ApprovalAction.Approve, body?.Comment, commentRequired: false, user, queue, cancellationToken))
            .WithSummary("Approves a pending request (comment optional). Final; the same decision again answers 200, another 409.");
        api.MapPost("/reject/{id:guid}", (Guid id, [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] ApprovalDecisionRequest? body, ClaimsPrincipal user, ApprovalQueue queue, CancellationToken cancellationToken) =>
                ActAsync(id, ApprovalAction.Reject, body?.Comment, commentRequired: true, user, queue, cancellationToken))
            .WithSummary("Rejects a pending request; a comment is required.");
        api.MapPost("/request-changes/{id:guid}", (Guid id, [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] ApprovalDecisionRequest? body, ClaimsPrincipal user, ApprovalQueue queue, CancellationToken cancellationToken) =>
                ActAsync(id, ApprovalAction.RequestChanges, body?.Comment, commentRequired: true, user, queue, cancellationToken))
            .WithSummary("Sends a pending request back to its requester with the changes asked for (comment required); the requester proposes again with a new request.");
        api.MapPost("/claim/{id:guid}", (Guid id, ClaimsPrincipal user, ApprovalQueue queue, CancellationToken cancellationToken) =>
                ActAsync(id, ApprovalAction.Claim, null, commentRequired: false, user, queue, cancellationToken))
            .WithSummary("Takes a pending request: it is then decided by the caller alone until unclaimed.");
        api.MapPost("/unclaim/{id:guid}", (Guid id, ClaimsPrincipal user, ApprovalQueue queue, CancellationToken cancellationToken) =>
                ActAsync(id, ApprovalAction.Unclaim, null, commentRequired: false, user, queue, cancellationToken))
            .WithSummary("Puts a claimed request back in the queue (the assignee, or a tenant admin).");
        api.MapPost("/cancel/{id:guid}", (Guid id, [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] ApprovalDecisionRequest? body, ClaimsPrincipal user, ApprovalQueue queue, CancellationToken cancellationToken) =>
                ActAsync(id, ApprovalAction.Cancel, body?.Comment, commentRequired: false, user, queue, cancellationToken))
            .WithSummary("Withdraws a pending request (whoever requested it, or a tenant admin); the origin is told.");
        return app;
    }

    private static async Task<Results<Ok<ApprovalPage>, ValidationProblem>> ListQueue(ClaimsPrincipal user, HubDb db,
        string? type, [OneOf("urgent", "high", "medium", "low")] string? priority, string? status, string? assignee, [Between(1, 100)] int? limit,
        string? cursor, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var take = limit ?? 50;
        var wanted = status ?? ApprovalStatus.Pending;
        if (!ApprovalStatus.All.Contains(wanted))
        {
            errors.Add("status", $"status must be one of: {string.Join(", ", ApprovalStatus.All)}.");
        }
        ApprovalPriority? priorityFilter = priority is not null && ApprovalPriorities.TryParse(priority, out var parsed) ? parsed : null;
        Guid? assigneeId = null;
        if (assignee is not null and not "unassigned")
        {
            assigneeId = assignee == "me" ? user.UserId() : Guid.TryParse(assignee, out var id) ? id : null;
            if (assigneeId is null)
            {
                errors.Add("assignee", "assignee must be me, unassigned or a user id.");
            }
        }
        var after = QueueCursor.Decode(cursor);
        if (cursor is not null && after is null)
        {
            errors.Add("cursor", "cursor must be a nextCursor this endpoint returned.");
        }
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var query = db.ApprovalRequests.AsNoTracking().Where(r => r.Status == wanted);
        if (type is not null)
        {
            query = query.Where(r => r.Type == type);
        }
        if (priorityFilter is { } p)
        {
            query = query.Where(r => r.Priority == p);
        }
        if (assignee == "unassigned")
        {
            query = query.Where(r => r.AssigneeUserId == null);
        }
        else if (assigneeId is { } a)
        {
            query = query.Where(r => r.AssigneeUserId == a);
        }
        if (after is { } c)
        {
            // Keyset: a row comparison on the index's own order, so a deep page costs what the first one does.
            query = query.Where(r => EF.Functions.GreaterThan(ValueTuple.Create(r.Priority, r.DueAt, r.Id), ValueTuple.Create(c.Priority, c.DueAt, c.Id)));
        }
        var rows = await query.OrderBy(r => r.Priority).ThenBy(r => r.DueAt).ThenBy(r => r.Id).Take(take + 1).ToListAsync(cancellationToken);
        var page = rows.Take(take).ToList();
        var next = rows.Count > take ? QueueCursor.Encode(page[^1]) : null;
        return TypedResults.Ok(new ApprovalPage(page.Select(ApprovalResponse.From).ToList(), next));
    }

    private static async Task<Ok<ApprovalStats>> GetStats(HubDb db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var pending = await db.ApprovalRequests.AsNoTracking().Where(r => r.Status == ApprovalStatus.Pending)
            .GroupBy(r => new { r.Priority, r.Type }).Select(g => new { g.Key.Priority, g.Key.Type, Count = g.LongCount() }).ToListAsync(cancellationToken);
        var overdue = await db.ApprovalRequests.LongCountAsync(r => r.Status == ApprovalStatus.Pending && r.DueAt < now, cancellationToken);
        var since = now.AddDays(-30);
        var decided = await db.ApprovalRequests.LongCountAsync(r => r.DecidedAt >= since, cancellationToken);
        return TypedResults.Ok(new ApprovalStats(
            Enum.GetValues<ApprovalPriority>().ToDictionary(p => p.Name(), p => pending.Where(x => x.Priority == p).Sum(x => x.Count)),
            pending.GroupBy(x => x.Type).ToDictionary(g => g.Key, g => g.Sum(x => x.Count)),
            overdue, decided));
    }

    private static async Task<Results<Ok<ApprovalPage>, ValidationProblem>> ListHistory(HubDb db,
        string? type, string? status, DateTimeOffset? since, [Between(1, 100)] int? limit, string? cursor, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var take = limit ?? 50;
        if (status is not null && (status == ApprovalStatus.Pending || !ApprovalStatus.All.Contains(status)))
        {
            errors.Add("status", $"status must be one of: {string.Join(", ", ApprovalStatus.All.Skip(1))}.");
        }
        var before = HistoryCursor.Decode(cursor);
        if (cursor is not null && before is null)
        {
            errors.Add("cursor", "cursor must be a nextCursor this endpoint returned.");
        }
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var query = db.ApprovalRequests.AsNoTracking().Where(r => r.DecidedAt != null);
        if (type is not null)
        {
            query = query.Where(r => r.Type == type);
        }
        if (status is not null)
        {
            query = query.Where(r => r.Status == status);
        }
        if (since is not null)
        {
            query = query.Where(r => r.DecidedAt >= since);
        }
        if (before is { } c)
        {
            query = query.Where(r => EF.Functions.LessThan(ValueTuple.Create(r.DecidedAt, r.Id), ValueTuple.Create((DateTimeOffset?)c.DecidedAt, c.Id)));
        }
        var rows = await query.OrderByDescending(r => r.DecidedAt).ThenByDescending(r => r.Id).Take(take + 1).ToListAsync(cancellationToken);
        var page = rows.Take(take).ToList();
        var next = rows.Count > take ? HistoryCursor.Encode(page[^1]) : null;
        return TypedResults.Ok(new ApprovalPage(page.Select(ApprovalResponse.From).ToList(), next));
    }

    private static async Task<Results<Ok<ApprovalDetailResponse>, ProblemHttpResult>> GetRequest(Guid id, HubDb db, CancellationToken cancellationToken)
    {
        var request = await db.ApprovalRequests.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (request is null)
        {
            return RequestNotFound();
        }
        var history = await db.ApprovalEvents.AsNoTracking().Where(e => e.RequestId == id).OrderBy(e => e.OccurredAt).ThenBy(e => e.Id)
            .ToListAsync(cancellationToken);
        var callbacks = await db.ApprovalCallbacks.AsNoTracking().Where(c => c.RequestId == id).OrderBy(c => c.CreatedAt)
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(new ApprovalDetailResponse(
            ApprovalResponse.From(request),
            history.Select(e => new ApprovalEventResponse(e.OccurredAt, e.Kind, e.FromStatus, e.ToStatus, e.FromPriority?.Name(), e.ToPriority?.Name(), e.Actor, e.Comment)).ToList(),
            callbacks.Select(c => new ApprovalCallbackResponse(c.OriginService, c.CallbackPath, c.Attempts, c.LastAttemptAt, c.LastStatusCode, c.LastError,
                c.NextAttemptAt, c.DeliveredAt)).ToList()));
    }

    private static async Task<Results<Created<ApprovalResponse>, Ok<ApprovalResponse>, ValidationProblem, ProblemHttpResult>> CreateRequest(
        CreateApprovalRequest body, [FromHeader(Name = IdempotencyKeyHeader)] string? idempotencyKey, ClaimsPrincipal user, ApprovalQueue queue,
        CancellationToken cancellationToken)
    {
        var outcome = await queue.CreateAsync(body, idempotencyKey, ApprovalActor.From(user), cancellationToken);
        return outcome.Kind switch
        {
            ApprovalOutcomeKind.Created => TypedResults.Created($"/api/brain/hitl/requests/{outcome.Request!.Id}", ApprovalResponse.From(outcome.Request)),
            ApprovalOutcomeKind.Existing => TypedResults.Ok(ApprovalResponse.From(outcome.Request!)),
            ApprovalOutcomeKind.Invalid => outcome.Errors!.ToProblem(),
            ApprovalOutcomeKind.TooLarge => TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Payload too large", detail: outcome.Reason,
                extensions: new Dictionary<string, object?> { ["errors"] = FieldErrors.Of("payload", outcome.Reason!).ToDictionary() }),
            _ => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Idempotency key already used", detail: outcome.Reason),
        };
    }

    private static async Task<Results<Ok<ApprovalResponse>, ValidationProblem, ProblemHttpResult>> ActAsync(Guid id, ApprovalAction action, string? comment,
        bool commentRequired, ClaimsPrincipal user, ApprovalQueue queue, CancellationToken cancellationToken)
    {
        // The comment's length was checked by the endpoint's validation (ApprovalDecisionRequest); whether one is needed depends on the action.
        comment = comment.Trimmed();
        if (commentRequired && comment is null)
        {
            return FieldErrors.Of("comment", "A comment is required: say why, so the requester can act on it.").ToProblem();
        }
        var outcome = await queue.ActAsync(id, action, comment, ApprovalActor.From(user), cancellationToken);
        return outcome.Kind switch
        {
            ApprovalOutcomeKind.Changed or ApprovalOutcomeKind.Unchanged => TypedResults.Ok(ApprovalResponse.From(outcome.Request!)),
            ApprovalOutcomeKind.NotFound => RequestNotFound(),
            ApprovalOutcomeKind.Forbidden => TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Not allowed", detail: outcome.Reason),
            _ => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict", detail: outcome.Reason),
        };
    }

    private static ProblemHttpResult RequestNotFound() =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Approval request not found", detail: "There is no approval request with that id in your tenant.");

    /// <summary>The queue's position after a row: its priority, due date and id, in an opaque URL-safe string.</summary>
    private sealed record QueueCursor(ApprovalPriority Priority, DateTimeOffset DueAt, Guid Id)
    {
        public static string Encode(ApprovalRequest last) =>
            Base64Url.EncodeToString(Encoding.ASCII.GetBytes(FormattableString.Invariant($"q:{(int)last.Priority}:{last.DueAt.UtcTicks}:{last.Id:N}")));

        public static QueueCursor? Decode(string? cursor)
        {
            var parts = Parts(cursor, "q", 4);
            return parts is not null && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var priority)
                && Enum.IsDefined((ApprovalPriority)priority) && Ticks(parts[2]) is { } due && Guid.TryParseExact(parts[3], "N", out var id)
                ? new QueueCursor((ApprovalPriority)priority, due, id)
                : null;
        }
    }

    private sealed record HistoryCursor(DateTimeOffset DecidedAt, Guid Id)
    {
        public static string Encode(ApprovalRequest last) =>
            Base64Url.EncodeToString(Encoding.ASCII.GetBytes(FormattableString.Invariant($"h:{last.DecidedAt!.Value.UtcTicks}:{last.Id:N}")));

        public static HistoryCursor? Decode(string? cursor)
        {
            var parts = Parts(cursor, "h", 3);
            return parts is not null && Ticks(parts[1]) is { } decided && Guid.TryParseExact(parts[2], "N", out var id)
                ? new HistoryCursor(decided, id)
                : null;
        }
    }

    private static string[]? Parts(string? cursor, string kind, int count)
    {
        if (cursor is null || cursor.Length > 200)
        {
            return null;
        }
        try
        {
            var parts = Encoding.ASCII.GetString(Base64Url.DecodeFromChars(cursor)).Split(':');
            return parts.Length == count && parts[0] == kind ? parts : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static DateTimeOffset? Ticks(string value) =>
        long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) && ticks >= DateTimeOffset.MinValue.UtcTicks && ticks <= DateTimeOffset.MaxValue.UtcTicks
            ? new DateTimeOffset(ticks, TimeSpan.Zero)
            : null;
}
