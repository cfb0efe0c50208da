using BizOSaaS.Crm.Activities;
using BizOSaaS.Crm.Companies;
using BizOSaaS.Crm.Contacts;
using BizOSaaS.Crm.Data;
using BizOSaaS.Crm.Deals;
using BizOSaaS.Crm.History;
using BizOSaaS.Crm.Leads;
using BizOSaaS.Crm.Scoring;
using BizOSaaS.Crm.Setup;
using BizOSaaS.Platform.Tenancy;
using Bogus;
using Microsoft.EntityFrameworkCore;

namespace BizOSaaS.Crm.Demo;

/// <summary>
/// Development only: generated leads, companies, contacts, deals and activities for the seed tenants, so a
/// developer's CRM is not empty. Every generated record is marked <c>IsDemo</c> (and leads are tagged
/// <c>demo</c>), and the apps show it as demo data. Written once, into a tenant that has no leads yet; it raises
/// no approval requests. Off with <c>Crm:DemoData=false</c>.
/// </summary>
public sealed class DemoData(IServiceProvider services, IHostEnvironment environment, IConfiguration configuration, TenantContext tenantContext,
    TimeProvider clock, ILogger<DemoData> logger) : IHostedService
{
    public const string Tag = "demo";

    private static readonly (Guid Tenant, int Leads, int Seed, string[] Industries)[] Tenants =
    [
        (DevelopmentTenants.CorelDove, 150, 101, ["E-commerce", "Retail", "Software", "Logistics", "Manufacturing"]),
        (DevelopmentTenants.Bizoholic, 100, 202, ["Marketing", "SaaS", "Finance", "Healthcare", "Education"]),
        (DevelopmentTenants.ThrillRing, 60, 303, ["Gaming", "Media", "Entertainment", "Software", "Retail"]),
    ];

    private static readonly string[] Titles =
    [
        "CEO", "Founder", "CTO", "VP of Sales", "Head of Marketing", "Director of Operations", "Marketing Manager", "Sales Manager",
        "Product Lead", "Senior Engineer", "Account Executive", "Consultant", "Analyst", "Office Assistant", "Intern",
    ];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!environment.IsDevelopment() || !configuration.GetValue("Crm:DemoData", true))
        {
            return;
        }
        foreach (var (tenant, leads, seed, industries) in Tenants)
        {
            using (tenantContext.Use(tenant))
            {
                await using var scope = services.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<CrmDb>();
                // One replica at a time: the other then finds the tenant set up and its leads written, instead of
                // failing on the same keys (and logging errors for a race it would have survived).
                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock(hashtext('bizosaas.crm.demo_data'))", cancellationToken);
                await scope.ServiceProvider.GetRequiredService<TenantCrmDefaults>().EnsureAsync(cancellationToken);
                if (!await db.Leads.AnyAsync(cancellationToken))
                {
                    var settings = await db.ScoringSettings.AsNoTracking().FirstAsync(cancellationToken);
                    var pipeline = await db.Pipelines.AsNoTracking().Include(p => p.Stages).FirstAsync(p => p.IsDefault, cancellationToken);
                    var sources = await db.LeadSources.AsNoTracking().Select(s => s.Key).Where(k => k != "import").ToListAsync(cancellationToken);
                    Generate(db, leads, seed, industries, settings, pipeline, sources);
                    await db.SaveChangesAsync(cancellationToken);
                    logger.LogInformation("Wrote {Count} demo leads for the seed tenant {Tenant} (Development only)", leads, tenant);
                }
                await transaction.CommitAsync(cancellationToken);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void Generate(CrmDb db, int count, int seed, string[] industries, ScoringSettings settings, Pipeline pipeline, List<string> sources)
    {
        var now = clock.GetUtcNow();
        var faker = new Faker { Random = new Randomizer(seed) };
        var actor = new Actor(null, "demo data");
        var openStages = pipeline.Stages.Where(s => s.Kind == StageKinds.Open).OrderBy(s => s.Position).ToList();
        var companies = Enumerable.Range(0, count / 5).Select(_ =>
        {
            var name = faker.Company.CompanyName();
            var domain = CompanyDomains.Normalize(faker.Internet.DomainWord() + "-" + faker.Random.AlphaNumeric(4) + ".example");
            return new Company
            {
                Id = Guid.CreateVersion7(),
                Name = name,
                NameKey = LeadKeys.Normalize(name),
                Domain = domain,
                Industry = faker.PickRandom(industries),
                Size = faker.PickRandom(5, 25, 80, 150, 400, 900, 2500, 12000),
                IsDemo = true,
                CreatedAt = now.AddDays(-90),
                UpdatedAt = now.AddDays(-90),
            };
        }).ToList();
        db.Companies.AddRange(companies);

        for (var i = 0; i < count; i++)
        {
            var company = faker.PickRandom(companies);
            var first = faker.Name.FirstName();
            var last = faker.Name.LastName();
            var freeMail = faker.Random.Bool(0.25f);
            var email = $"{first}.{last}.{i}@{(freeMail ? faker.PickRandom("gmail.com", "outlook.com", "yahoo.com") : company.Domain)}".ToLowerInvariant();
            var created = now.AddDays(-faker.Random.Double(0, 60));
            var lead = new Lead
            {
                Id = Guid.CreateVersion7(),
                Name = $"{first} {last}",
                Email = email,
                Phone = faker.Phone.PhoneNumber("+1 ###-###-####"),
                Company = company.Name,
                JobTitle = faker.PickRandom(Titles),
                Industry = company.Industry,
                CompanySize = company.Size,
                Source = faker.PickRandom(sources),
                Status = faker.PickRandom(LeadStatuses.New, LeadStatuses.New, LeadStatuses.Contacted, LeadStatuses.Contacted, LeadStatuses.Unqualified),
                Tags = [Tag, .. faker.Random.ListItems(new List<string> { "newsletter", "webinar", "enterprise", "smb", "priority" }, faker.Random.Int(0, 2))],
                IsDemo = true,
                CreatedAt = created,
                UpdatedAt = created,
            };
            lead.RefreshKeys();
            var activities = Enumerable.Range(0, faker.Random.Int(0, 4)).Select(_ => new Activity
            {
                Id = Guid.CreateVersion7(),
                Kind = faker.PickRandom(ActivityKinds.Note, ActivityKinds.Call, ActivityKinds.Email, ActivityKinds.Meeting),
                Subject = faker.PickRandom("Intro call", "Sent pricing", "Demo of the product", "Follow-up", "Discovery meeting", "Notes from the event"),
                OccurredAt = created.AddDays(faker.Random.Double(0, Math.Max(0.1, (now - created).TotalDays))),
                Done = true,
                LeadId = lead.Id,
                CreatedByName = "demo data",
                IsDemo = true,
                CreatedAt = created,
                UpdatedAt = created,
            }).ToList();
            var score = LeadScoring.Score(LeadScorer.ProfileOf(lead), activities.Select(a => new EngagementEvent(a.Kind, a.OccurredAt, a.Done)), settings, now);
            (lead.FitScore, lead.EngagementScore, lead.Score, lead.Rating, lead.ScoreFactors, lead.ScoredAt) =
                (score.Fit, score.Engagement, score.Total, score.Rating, [.. score.Factors], now);
            lead.LastContactedAt = activities.Where(a => ActivityKinds.IsContact(a.Kind)).Select(a => (DateTimeOffset?)a.OccurredAt).Max();
            db.Leads.Add(lead);
            db.Activities.AddRange(activities);
            ChangeTrail.Record(db, ChangeTrail.Lead, lead.Id, "created", actor, LeadSnapshot.Of(lead), "Generated demo data", created);

            // About one lead in eight has become a customer: a contact with an open (or won) deal.
            if (faker.Random.Bool(0.125f) && !freeMail)
            {
                var contact = new Contact
                {
                    Id = Guid.CreateVersion7(),
                    Name = lead.Name,
                    Email = lead.Email,
                    EmailKey = lead.EmailKey,
                    Phone = lead.Phone,
                    JobTitle = lead.JobTitle,
                    CompanyId = company.Id,
                    LeadId = lead.Id,
                    IsDemo = true,
                    CreatedAt = created,
                    UpdatedAt = created,
                };
                var stage = faker.Random.Bool(0.2f) ? pipeline.Stages.First(s => s.Kind == StageKinds.Won) : faker.PickRandom(openStages);
                var deal = new Deal
                {
                    Id = Guid.CreateVersion7(),
                    Name = $"{company.Name} – {faker.Commerce.ProductName()}",
                    Amount = Math.Round(faker.Random.Decimal(500, 60_000), 2),
                    Currency = "USD",
                    PipelineId = pipeline.Id,
                    StageId = stage.Id,
                    Probability = stage.Probability,
                    ExpectedCloseDate = DateOnly.FromDateTime(now.AddDays(faker.Random.Int(5, 90)).UtcDateTime),
                    ContactId = contact.Id,
                    CompanyId = company.Id,
                    LeadId = lead.Id,
                    ClosedAt = stage.Kind == StageKinds.Won ? now.AddDays(-1) : null,
                    IsDemo = true,
                    CreatedAt = created,
                    UpdatedAt = created,
                };
                (lead.Status, lead.ContactId, lead.CompanyId, lead.DealId, lead.ConvertedAt) = (LeadStatuses.Converted, contact.Id, company.Id, deal.Id, created);
                db.Contacts.Add(contact);
                db.Deals.Add(deal);
                ChangeTrail.Record(db, ChangeTrail.Deal, deal.Id, "created", actor, DealSnapshot.Of(deal), "Generated demo data", created);
            }
        }
    }
}
