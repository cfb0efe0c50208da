using BizOSaaS.Crm.Scoring;

namespace BizOSaaS.UnitTests;

/// <summary>Lead scoring, factor by factor: fit (company size, industry, seniority, email domain), engagement with
/// its decay, and how they combine into the 0–100 score and its rating.</summary>
public sealed class LeadScoringTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly ScoringSettings Defaults = new();

    [Theory]
    [InlineData(null, 0)]
    [InlineData(0, 0)]
    [InlineData(8, 0.2)]
    [InlineData(11, 0.45)]
    [InlineData(200, 0.7)]
    [InlineData(201, 0.9)]
    [InlineData(1000, 0.9)]
    [InlineData(50_000, 1)]
    public void Company_size_counts_more_for_bigger_companies(int? employees, double share) =>
        Assert.Equal(share, LeadScoring.CompanySize(employees).Share);

    [Fact]
    public void Industry_counts_fully_for_a_target_industry_partly_for_another_and_not_when_unknown()
    {
        string[] targets = ["software", "retail"];
        Assert.Equal(1, LeadScoring.Industry(" Software ", targets).Share);
        Assert.Equal(0.3, LeadScoring.Industry("Mining", targets).Share);
        Assert.Equal(0, LeadScoring.Industry(null, targets).Share);
        Assert.Equal(0.5, LeadScoring.Industry("Mining", []).Share);
    }

    [Theory]
    [InlineData("CEO", 1)]
    [InlineData("Co-Founder & CTO", 1)]
    [InlineData("Managing Director", 1)]
    [InlineData("Vice President of Sales", 0.8)]
    [InlineData("Head of Marketing", 0.8)]
    [InlineData("Engineering Manager", 0.55)]
    [InlineData("Senior Consultant", 0.35)]
    [InlineData("Accountant", 0.15)]
    [InlineData("Marketing Intern", 0.05)]
    [InlineData("Assistant to the Regional Manager", 0.05)]
    [InlineData("", 0)]
    public void Seniority_follows_the_job_title(string title, double share) =>
        Assert.Equal(share, LeadScoring.Seniority(title).Share);

    [Theory]
    [InlineData("ada@acme.example", 1)]
    [InlineData("ada@GMAIL.com", 0)]
    [InlineData("ada@outlook.com", 0)]
    [InlineData("ada@mailinator.com", 0)]
    [InlineData("no-domain", 0)]
    public void A_business_domain_counts_and_free_or_disposable_mail_does_not(string email, double share) =>
        Assert.Equal(share, LeadScoring.EmailDomain(email).Share);

    [Fact]
    public void Fit_factors_give_their_weight_times_their_share_and_add_up_to_the_fit_score()
    {
        var factors = LeadScoring.FitFactors(new LeadProfile("cto@acme.example", "CTO", "Software", 500), Defaults);
        Assert.Equal([("company_size", 27.0), ("industry", 20.0), ("seniority", 30.0), ("email_domain", 20.0)], factors.Select(f => (f.Key, f.Points)));
        Assert.All(factors, f => Assert.Equal(LeadScoring.FitGroup, f.Group));
        var score = LeadScoring.Score(new LeadProfile("cto@acme.example", "CTO", "Software", 500), [], Defaults, Now);
        Assert.Equal(97, score.Fit);
        Assert.Equal(58, score.Total);
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(30, 0.5)]
    [InlineData(60, 0.25)]
    [InlineData(90, 0.125)]
    public void Activities_decay_by_half_every_half_life(int ageDays, double factor) =>
        Assert.Equal(factor, LeadScoring.Decay(Now.AddDays(-ageDays), Now, 30), 10);

    [Fact]
    public void A_future_activity_counts_in_full()
    {
        Assert.Equal(1, LeadScoring.Decay(Now.AddDays(3), Now, 30));
    }

    [Fact]
    public void Engagement_sums_decayed_points_per_kind_counts_only_done_tasks_and_is_capped_at_100()
    {
        EngagementEvent[] events =
        [
            new("meeting", Now, true), new("meeting", Now.AddDays(-30), true), new("call", Now.AddDays(-60), true),
            new("task", Now, false), new("task", Now, true), new("note", Now.AddDays(-1), true),
        ];
        var factors = LeadScoring.EngagementFactors(events, Defaults, Now);
        Assert.Equal(25 + 12.5, factors.Single(f => f.Key == "activity_meeting").Points);
        Assert.Equal(3, factors.Single(f => f.Key == "activity_call").Points);
        Assert.Equal(5, factors.Single(f => f.Key == "activity_task").Points);
        Assert.Equal("Meetings", factors[0].Label);

        var many = Enumerable.Range(0, 10).Select(_ => new EngagementEvent("meeting", Now, true));
        var capped = LeadScoring.Score(new LeadProfile("a@gmail.com", null, null, null), many, Defaults, Now);
        Assert.Equal(100, capped.Engagement);
        Assert.Equal(40, capped.Total);
        Assert.InRange(capped.Factors.Sum(f => f.Points), 39.9, 40.1);
    }

    [Fact]
    public void The_total_weighs_fit_and_engagement_by_the_fit_share_and_its_factors_add_up_to_it()
    {
        var settings = new ScoringSettings { FitShare = 0.5 };
        var score = LeadScoring.Score(new LeadProfile("vp@acme.example", "VP Sales", "Retail", 120),
            [new EngagementEvent("meeting", Now, true), new EngagementEvent("call", Now, true)], settings, Now);
        // Fit 21 + 20 + 24 + 20 = 85; engagement 25 + 12 = 37; (85 + 37) / 2 = 61.
        Assert.Equal((85, 37, 61), (score.Fit, score.Engagement, score.Total));
        Assert.Equal(61, score.Factors.Sum(f => f.Points), 1);
    }

    [Theory]
    [InlineData(70, "hot")]
    [InlineData(69, "warm")]
    [InlineData(40, "warm")]
    [InlineData(39, "cold")]
    public void The_rating_follows_the_tenants_thresholds(int score, string rating) =>
        Assert.Equal(rating, LeadScoring.RatingFor(score, Defaults));

    [Fact]
    public void Stored_factors_unscale_back_to_their_own_points()
    {
        var score = LeadScoring.Score(new LeadProfile("ceo@acme.example", "CEO", "Software", 5000), [new EngagementEvent("call", Now, true)], Defaults, Now);
        var fit = LeadScoring.Unscale(score.Factors, LeadScoring.FitGroup, Defaults);
        var engagement = LeadScoring.Unscale(score.Factors, LeadScoring.EngagementGroup, Defaults);
        Assert.Equal(100, fit.Sum(f => f.Points), 1);
        Assert.Equal(12, engagement.Sum(f => f.Points), 1);
        Assert.Equal(score.Total, LeadScoring.Combine(fit, engagement, Defaults).Total);
    }
}
