using BizOSaaS.Crm.Data;
using BizOSaaS.Crm.Deals;
using BizOSaaS.Crm.Setup;
using BizOSaaS.Platform.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace BizOSaaS.Crm.Apis;

/// <summary>The tenant's sales pipelines and their ordered stages. Tenant admins change them; a stage or pipeline
/// that still holds deals cannot be removed.</summary>
public static class PipelinesApi
{
    public static IEndpointRouteBuilder MapPipelinesApi(this IEndpointRouteBuilder app)
    {
        var read = app.MapGroup("/api/pipelines").WithTags("Pipelines").RequireAuthorization(PlatformPolicies.TenantUser);
        read.MapGet("/", List).WithSummary("The tenant's pipelines with their stages in order.");
        read.MapGet("/{id:guid}", Get).WithSummary("One pipeline with its stages.");
        read.MapGet("/{id:guid}/summary", Summary).WithSummary("Deals and amounts per stage, for a board.");
        var write = app.MapGroup("/api/pipelines").WithTags("Pipelines").RequireAuthorization(PlatformPolicies.TenantUser, PlatformPolicies.TenantAdmin);
        write.MapPost("/", Create).ValidatedWithHandlerRules().WithSummary("Adds a pipeline with its stages (tenant admins).");
        write.MapPut("/{id:guid}", Update).ValidatedWithHandlerRules().WithSummary("Renames a pipeline, makes it the default, or replaces its stages (stages with deals must stay).");
        write.MapDelete("/{id:guid}", Delete).WithSummary("Removes a pipeline without deals that is not the default.");
        return app;
    }

    private static async Task<Ok<List<PipelineResponse>>> List(CrmDb db, TenantCrmDefaults defaults, CancellationToken cancellationToken)
    {
        await defaults.EnsureAsync(cancellationToken);
        var pipelines = await db.Pipelines.AsNoTracking().Include(p => p.Stages).OrderByDescending(p => p.IsDefault).ThenBy(p => p.Name).ToListAsync(cancellationToken);
        return TypedResults.Ok(pipelines.Select(PipelineResponse.From).ToList());
    }

    private static async Task<Results<Ok<PipelineResponse>, ProblemHttpResult>> Get(Guid id, CrmDb db, CancellationToken cancellationToken) =>
        await db.Pipelines.AsNoTracking().Include(p => p.Stages).FirstOrDefaultAsync(p => p.Id == id, cancellationToken) is { } pipeline
            ? TypedResults.Ok(PipelineResponse.From(pipeline))
            : RecordProblems.NotFound("Pipeline");

    private static async Task<Results<Ok<PipelineSummary>, ProblemHttpResult>> Summary(Guid id, CrmDb db, CancellationToken cancellationToken)
    {
        var pipeline = await db.Pipelines.AsNoTracking().Include(p => p.Stages).FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (pipeline is null)
        {
            return RecordProblems.NotFound("Pipeline");
        }
        var totals = await db.Deals.AsNoTracking().Where(d => d.PipelineId == id)
            .GroupBy(d => new { d.StageId, d.Currency }).Select(g => new { g.Key.StageId, g.Key.Currency, Count = g.LongCount(), Amount = g.Sum(d => d.Amount) })
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(new PipelineSummary(pipeline.Id, pipeline.Name, pipeline.Stages.OrderBy(s => s.Position).Select(s => new StageSummary(
            s.Id, s.Name, s.Kind, totals.Where(t => t.StageId == s.Id).Sum(t => t.Count),
            totals.Where(t => t.StageId == s.Id).ToDictionary(t => t.Currency.Trim(), t => t.Amount))).ToList()));
    }

    private static async Task<Results<Created<PipelineResponse>, ValidationProblem, ProblemHttpResult>> Create(
        PipelineRequest request, CrmDb db, TenantCrmDefaults defaults, RequestValidator validator, TimeProvider clock, CancellationToken cancellationToken)
    {
        await defaults.EnsureAsync(cancellationToken);
        var errors = await validator.ValidateAsync(request, cancellationToken);
        var pipeline = new Pipeline { Id = Guid.CreateVersion7(), Name = request.Name.Trimmed() ?? "", CreatedAt = clock.GetUtcNow() };
        var stages = ValidStages(request.Stages, errors);
        if (errors.Any)
        {
            return errors.ToProblem();
        }
        pipeline.Stages.AddRange(stages.Select((s, i) => new PipelineStage { Id = Guid.CreateVersion7(), PipelineId = pipeline.Id, Name = s.Name, Kind = s.Kind, Probability = s.Probability, Position = i }));
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (request.IsDefault == true)
        {
            await db.Pipelines.Where(p => p.IsDefault).ExecuteUpdateAsync(p => p.SetProperty(x => x.IsDefault, false), cancellationToken);
            pipeline.IsDefault = true;
        }
        db.Pipelines.Add(pipeline);
        if (await SaveAsync(db, pipeline.Name, cancellationToken) is { } conflict)
        {
            return conflict;
        }
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Created($"/api/pipelines/{pipeline.Id}", PipelineResponse.From(pipeline));
    }

    private static async Task<Results<Ok<PipelineResponse>, ValidationProblem, ProblemHttpResult>> Update(
        Guid id, PipelineRequest request, CrmDb db, RequestValidator validator, CancellationToken cancellationToken)
    {
        var pipeline = await db.Pipelines.Include(p => p.Stages).FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (pipeline is null)
        {
            return RecordProblems.NotFound("Pipeline");
        }
        var errors = await validator.ValidateAsync(request, cancellationToken);
        pipeline.Name = request.Name.Trimmed() ?? "";
        if (request.IsDefault == false && pipeline.IsDefault)
        {
            errors.Add("isDefault", "Make another pipeline the default instead.");
        }
        if (request.Stages is not null)
        {
            var stages = ValidStages(request.Stages, errors);
            var usedStages = await db.Deals.Where(d => d.PipelineId == id).Select(d => d.StageId).Distinct().ToListAsync(cancellationToken);
            var byName = pipeline.Stages.ToDictionary(s => s.Name.ToLowerInvariant());
            var kept = stages.Select(s => byName.GetValueOrDefault(s.Name.ToLowerInvariant())).OfType<PipelineStage>().Select(s => s.Id).ToHashSet();
            if (usedStages.Any(s => !kept.Contains(s)))
            {
                errors.Add("stages", "Stages that hold deals must stay (keep their names); move the deals first.");
            }
            if (!errors.Any)
            {
                // Stages are matched by name, so deals keep their stage; new names become new stages.
                foreach (var removed in pipeline.Stages.Where(s => !kept.Contains(s.Id)).ToList())
                {
                    db.PipelineStages.Remove(removed);
                }
                for (var i = 0; i < stages.Count; i++)
                {
                    var wanted = stages[i];
                    if (byName.GetValueOrDefault(wanted.Name.ToLowerInvariant()) is { } existing)
                    {
                        (existing.Name, existing.Kind, existing.Probability, existing.Position) = (wanted.Name, wanted.Kind, wanted.Probability, i);
                    }
                    else
                    {
                        db.PipelineStages.Add(new PipelineStage { Id = Guid.CreateVersion7(), PipelineId = id, Name = wanted.Name, Kind = wanted.Kind, Probability = wanted.Probability, Position = i });
                    }
                }
            }
        }
        if (errors.Any)
        {
            return errors.ToProblem();
        }
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (request.IsDefault == true && !pipeline.IsDefault)
        {
            await db.Pipelines.Where(p => p.IsDefault).ExecuteUpdateAsync(p => p.SetProperty(x => x.IsDefault, false), cancellationToken);
            pipeline.IsDefault = true;
        }
        if (await SaveAsync(db, pipeline.Name, cancellationToken) is { } conflict)
        {
            return conflict;
        }
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Ok(PipelineResponse.From(await db.Pipelines.AsNoTracking().Include(p => p.Stages).FirstAsync(p => p.Id == id, cancellationToken)));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(Guid id, CrmDb db, CancellationToken cancellationToken)
    {
        var pipeline = await db.Pipelines.FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (pipeline is null)
        {
            return RecordProblems.NotFound("Pipeline");
        }
        if (pipeline.IsDefault)
        {
            return RecordProblems.Conflict("Default pipeline", "The default pipeline cannot be removed; make another one the default first.");
        }
        if (await db.Deals.AnyAsync(d => d.PipelineId == id, cancellationToken))
        {
            return RecordProblems.Conflict("Pipeline has deals", "Move or remove the pipeline's deals first.");
        }
        db.Pipelines.Remove(pipeline);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    /// <summary>The stages as stored (each stage's own fields are StageRequest's attributes), with the rules across them.</summary>
    private static List<(string Name, string Kind, int Probability)> ValidStages(List<StageRequest>? requested, FieldErrors errors)
    {
        var stages = new List<(string Name, string Kind, int Probability)>();
        if (requested is not { Count: > 0 and <= 20 })
        {
            errors.Add("stages", "A pipeline has 1 to 20 stages.");
            return stages;
        }
        for (var i = 0; i < requested.Count; i++)
        {
            var stage = requested[i];
            var name = stage.Name.Trimmed() ?? "";
            var kind = stage.Kind.Trimmed()?.ToLowerInvariant() ?? StageKinds.Open;
            var probability = stage.Probability ?? kind switch { StageKinds.Won => 100, StageKinds.Lost => 0, _ => 50 };
            stages.Add((name, kind, probability));
        }
        if (stages.Select(s => s.Name.ToLowerInvariant()).Distinct().Count() != stages.Count)
        {
            errors.Add("stages", "Stage names must differ.");
        }
        if (!stages.Any(s => s.Kind == StageKinds.Open))
        {
            errors.Add("stages", "A pipeline needs at least one open stage.");
        }
        return stages;
    }

    private static async Task<ProblemHttpResult?> SaveAsync(CrmDb db, string name, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return null;
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            return RecordProblems.Conflict("Duplicate pipeline", $"Your tenant already has a pipeline named {name}.");
        }
    }
}
