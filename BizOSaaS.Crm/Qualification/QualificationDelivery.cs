using BizOSaaS.Crm.Data;
using BizOSaaS.Crm.Leads;
using BizOSaaS.Crm.Setup;
using BizOSaaS.Platform.Approvals;
using BizOSaaS.Platform.Identity;
using BizOSaaS.Platform.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace BizOSaaS.Crm.Qualification;

public sealed class QualificationDeliveryOptions
{
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(2);
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(2);
}

/// <summary>
/// Delivers the outbox: every few seconds, for each tenant the crm knows, sends its pending qualification
/// requests to the hub's approval queue with retries and exponential backoff until the queue accepts them.
/// The queue's idempotency key makes a repeated send (a crash after sending, before marking) harmless.
/// </summary>
public sealed class QualificationDelivery(IServiceProvider services, TenantContext tenantContext, TimeProvider clock,
    Microsoft.Extensions.Options.IOptions<QualificationDeliveryOptions> options, ILogger<QualificationDelivery> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!services.GetRequiredService<ServiceTokens>().IsConfigured)
        {
            logger.LogWarning("No services client secret ({Key}): lead-qualification requests stay in the outbox until one is configured.", ServiceTokens.SecretKey);
            return;
        }
        using var timer = new PeriodicTimer(options.Value.Interval, clock);
        do
        {
            try
            {
                await DeliverDueAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Delivering lead-qualification requests failed; retrying on the next tick.");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public async Task DeliverDueAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CrmDb>();
        var queue = scope.ServiceProvider.GetRequiredService<ApprovalQueueClient>();
        var tenants = await db.Set<KnownTenant>().AsNoTracking().Select(t => t.TenantId).ToListAsync(cancellationToken);
        foreach (var tenantId in tenants)
        {
            using (tenantContext.Use(tenantId))
            {
                // Each due row is claimed by one replica: the others skip it while this one holds its lock.
                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                var now = clock.GetUtcNow();
                var due = await db.QualificationRequests
                    .FromSql($"SELECT *, xmin FROM qualification_requests WHERE status = {QualificationStatuses.Pending} AND next_attempt_at <= {now} ORDER BY created_at LIMIT 20 FOR UPDATE SKIP LOCKED")
                    .ToListAsync(cancellationToken);
                var leadIds = due.Select(q => q.LeadId).ToList();
                var scores = await db.Leads.Where(l => leadIds.Contains(l.Id)).ToDictionaryAsync(l => l.Id, l => l.Score, cancellationToken);
                foreach (var request in due)
                {
                    var score = scores.GetValueOrDefault(request.LeadId);
                    ApprovalQueueClient.Delivery result;
                    try
                    {
                        result = await queue.SubmitAsync(new ApprovalSubmission(QualificationOutbox.ApprovalType, QualificationOutbox.PriorityFor(score),
                            request.Title, request.Summary, request.Payload.RootElement, "crm", request.IdempotencyKey, "crm lead scoring"), cancellationToken);
                    }
                    catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
                    {
                        result = new ApprovalQueueClient.Delivery(false, null, ex.Message);
                    }
                    Record(request, result, clock.GetUtcNow());
                }
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                db.ChangeTracker.Clear();
            }
        }
    }

    private void Record(QualificationRequest request, ApprovalQueueClient.Delivery result, DateTimeOffset now)
    {
        request.Attempts++;
        if (result.Accepted)
        {
            request.Status = QualificationStatuses.Delivered;
            request.ApprovalRequestId = result.ApprovalRequestId;
            request.DeliveredAt = now;
            request.LastError = null;
            logger.LogInformation("Lead-qualification request {Key} is in the approval queue as {ApprovalId}", request.IdempotencyKey, result.ApprovalRequestId);
            return;
        }
        var backoff = ApprovalQueueClient.Backoff(request.Attempts, options.Value.MaxBackoff);
        request.NextAttemptAt = now + backoff;
        request.LastError = result.Error is { Length: > 2000 } error ? error[..2000] : result.Error;
        if (result.Permanent)
        {
            logger.LogError("The approval queue refused {Key}: {Error}. It stays in the outbox.", request.IdempotencyKey, result.Error);
        }
        else
        {
            logger.LogWarning("The approval queue could not take {Key} (attempt {Attempt}): {Error}; next try in {Backoff}.",
                request.IdempotencyKey, request.Attempts, result.Error, backoff);
        }
    }
}
