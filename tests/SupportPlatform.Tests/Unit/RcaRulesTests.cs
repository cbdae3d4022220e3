extern alias rca;

using Google.Protobuf.WellKnownTypes;
using NodaTime;
using rca::SupportPlatform.Rca.Domain;
using SupportPlatform.BuildingBlocks.Domain;
using SupportPlatform.BuildingBlocks.Grpc;
using SupportPlatform.BuildingBlocks.Responsibility;
using SupportPlatform.BuildingBlocks.Security;
using SupportPlatform.Common.V1;
using SupportPlatform.Rca.V1;

namespace SupportPlatform.Tests.Unit;

/// <summary>The RCA's rules: ownership by cause, who plays which part, the lifecycle, the review criteria, the timeline and the document.</summary>
public sealed class RcaRulesTests
{
    private static readonly Guid Customer = Guid.NewGuid();
    private static readonly Guid Rca = Guid.NewGuid();

    private static TaskResponsibility Duty(string task, params (char Letter, string Party)[] cells) =>
        new(task, 0, cells.GroupBy(c => c.Letter).ToDictionary(g => g.Key, g => (IReadOnlyList<string>)g.Select(c => c.Party).ToList()));

    /// <summary>The agreement's rows: "caused by Anywhere365" vendor A,R and customer S,C,I; "other causes" the other way round.</summary>
    private static TaskResponsibility DefaultRow(string task)
    {
        var (writer, supporter) = task == MatrixTasks.RcaVendorCaused ? (Caller.VendorParty, Caller.CustomerParty) : (Caller.CustomerParty, Caller.VendorParty);
        return Duty(task, ('A', writer), ('R', writer), ('S', supporter), ('C', supporter), ('I', supporter));
    }

    private static Caller Person(string party, Guid organization, params string[] roles) =>
        new(Guid.NewGuid(), organization, party, roles.ToHashSet(), false, "token");

    private static Caller L1Agent => Person(Caller.CustomerParty, Customer, Roles.L1Agent);
    private static Caller Engineer => Person(Caller.VendorParty, Guid.NewGuid(), Roles.L2Engineer);

    [Theory]
    [InlineData("VENDOR_COMPONENT", "VENDOR", "CUSTOMER")]
    [InlineData("UNKNOWN", "VENDOR", "CUSTOMER")]
    [InlineData("CUSTOMER_INFRASTRUCTURE", "CUSTOMER", "VENDOR")]
    [InlineData("SBC", "CUSTOMER", "VENDOR")]
    [InlineData("SIP_TRUNK", "CUSTOMER", "VENDOR")]
    [InlineData("MICROSOFT_TENANT", "CUSTOMER", "VENDOR")]
    [InlineData("OTHER_THIRD_PARTY", "CUSTOMER", "VENDOR")]
    public void Ownership_FollowsTheCauseThroughTheMatrix(string cause, string owner, string reviewer)
    {
        var parties = RcaParties.From(DefaultRow(RcaPolicy.OwnershipTask(cause)));

        Assert.Equal(owner, parties.Owner);
        Assert.Equal(reviewer, parties.Reviewer);
        Assert.Equal([owner], parties.Authors);
    }

    [Fact]
    public void EveryCauseOfTheContract_HasAnOwnershipRule()
    {
        foreach (var cause in System.Enum.GetValues<SupportPlatform.Cases.V1.CauseAttribution>().Where(ProtoEnums.IsSet))
        {
            var task = RcaPolicy.OwnershipTask(ProtoEnums.Name(cause));
            Assert.Contains(task, new[] { MatrixTasks.RcaVendorCaused, MatrixTasks.RcaOtherCauses });
        }
    }

    [Fact]
    public void AnOverriddenRow_MovesOwnershipAndReview()
    {
        // This customer's contract makes the vendor accountable for other-caused RCAs too, the customer only consulted.
        var overridden = Duty(MatrixTasks.RcaOtherCauses, ('A', Caller.VendorParty), ('R', Caller.VendorParty), ('C', Caller.CustomerParty));

        var parties = RcaParties.From(overridden);

        Assert.Equal(Caller.VendorParty, parties.Owner);
        Assert.Equal(Caller.CustomerParty, parties.Reviewer);
        Assert.True(RcaLifecycle.MayAct(Engineer, RcaRole.Author, parties, Customer));
        Assert.False(RcaLifecycle.MayAct(L1Agent, RcaRole.Author, parties, Customer));
    }

    [Fact]
    public void TheAccountableParty_Writes_TheSupportingPartyReviews_OnlyTheAccountablePublishes()
    {
        var customerOwned = RcaParties.From(DefaultRow(MatrixTasks.RcaOtherCauses));

        Assert.True(RcaLifecycle.MayAct(L1Agent, RcaRole.Author, customerOwned, Customer));
        Assert.True(RcaLifecycle.MayAct(L1Agent, RcaRole.Owner, customerOwned, Customer));
        Assert.False(RcaLifecycle.MayAct(L1Agent, RcaRole.Reviewer, customerOwned, Customer));
        Assert.True(RcaLifecycle.MayAct(Engineer, RcaRole.Reviewer, customerOwned, Customer));
        Assert.False(RcaLifecycle.MayAct(Engineer, RcaRole.Author, customerOwned, Customer));
        Assert.False(RcaLifecycle.MayAct(Engineer, RcaRole.Owner, customerOwned, Customer));
        // Another customer's people play no part; end-users neither.
        Assert.False(RcaLifecycle.MayAct(Person(Caller.CustomerParty, Guid.NewGuid(), Roles.L1Agent), RcaRole.Author, customerOwned, Customer));
        Assert.False(RcaLifecycle.MayAct(Person(Caller.CustomerParty, Customer, Roles.EndUser), RcaRole.EitherParty, customerOwned, Customer));
        // The cause is the vendor engineers' finding, whoever owns the RCA.
        Assert.True(RcaLifecycle.MayAct(Engineer, RcaRole.VendorEngineer, customerOwned, Customer));
        Assert.False(RcaLifecycle.MayAct(L1Agent, RcaRole.VendorEngineer, customerOwned, Customer));
    }

    [Fact]
    public void AnActionsOwner_MayChangeIt_WithoutWritingTheRca()
    {
        var vendorOwned = RcaParties.From(DefaultRow(MatrixTasks.RcaVendorCaused));
        var owner = L1Agent;

        Assert.True(RcaLifecycle.MayAct(owner, RcaRole.AuthorOrActionOwner, vendorOwned, Customer, owner.SubjectId));
        Assert.False(RcaLifecycle.MayAct(owner, RcaRole.AuthorOrActionOwner, vendorOwned, Customer, Guid.NewGuid()));
        var refused = Assert.Throws<PermissionException>(() => RcaLifecycle.EnsureMayAct(owner, RcaLifecycle.UpdateAnalysis, vendorOwned, Customer));
        Assert.Contains("vendor staff", refused.Message);
    }

    public static TheoryData<string, RcaState, bool> Moves()
    {
        var changes = new Dictionary<string, (RcaLifecycle.Change Change, RcaState[] From)>
        {
            ["attribute"] = (RcaLifecycle.AttributeCause, [RcaState.Required, RcaState.InAnalysis, RcaState.InReview]),
            ["analyse"] = (RcaLifecycle.UpdateAnalysis, [RcaState.Required, RcaState.InAnalysis]),
            ["add-action"] = (RcaLifecycle.AddAction, [RcaState.Required, RcaState.InAnalysis]),
            ["action-status"] = (RcaLifecycle.UpdateActionStatus, [RcaState.Required, RcaState.InAnalysis, RcaState.InReview, RcaState.Published]),
            ["link"] = (RcaLifecycle.LinkCase, [RcaState.Required, RcaState.InAnalysis, RcaState.InReview]),
            ["unlink"] = (RcaLifecycle.UnlinkCase, [RcaState.Required, RcaState.InAnalysis, RcaState.InReview]),
            ["comment"] = (RcaLifecycle.Comment, [RcaState.Required, RcaState.InAnalysis, RcaState.InReview, RcaState.Published]),
            ["submit"] = (RcaLifecycle.SubmitForReview, [RcaState.InAnalysis]),
            ["approve"] = (RcaLifecycle.Approve, [RcaState.InReview]),
            ["request-changes"] = (RcaLifecycle.RequestChanges, [RcaState.InReview]),
            ["publish"] = (RcaLifecycle.Publish, [RcaState.InReview]),
        };
        var data = new TheoryData<string, RcaState, bool>();
        foreach (var (name, (_, from)) in changes)
        {
            foreach (var state in System.Enum.GetValues<RcaState>().Where(s => s != RcaState.Unspecified))
            {
                data.Add(name, state, from.Contains(state));
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Moves))]
    public void Lifecycle_AllowsEachChangeOnlyFromItsStates_AndNamesTheStateWhenNot(string change, RcaState state, bool allowed)
    {
        var transition = change switch
        {
            "attribute" => RcaLifecycle.AttributeCause,
            "analyse" => RcaLifecycle.UpdateAnalysis,
            "add-action" => RcaLifecycle.AddAction,
            "action-status" => RcaLifecycle.UpdateActionStatus,
            "link" => RcaLifecycle.LinkCase,
            "unlink" => RcaLifecycle.UnlinkCase,
            "comment" => RcaLifecycle.Comment,
            "submit" => RcaLifecycle.SubmitForReview,
            "approve" => RcaLifecycle.Approve,
            "request-changes" => RcaLifecycle.RequestChanges,
            _ => RcaLifecycle.Publish,
        };
        if (allowed)
        {
            RcaLifecycle.EnsureAllowed(transition, state, Rca);
            return;
        }
        var refused = Assert.Throws<PreconditionException>(() => RcaLifecycle.EnsureAllowed(transition, state, Rca));
        Assert.Equal("RCA_STATE", refused.Type);
        Assert.Contains($"in state {ProtoEnums.Name(state)}", refused.Message);
    }

    [Fact]
    public void Lifecycle_MovesForward_AndReviewReturnsToAnalysis()
    {
        Assert.Equal(RcaState.InAnalysis, RcaLifecycle.UpdateAnalysis.To);
        Assert.Equal(RcaState.InReview, RcaLifecycle.SubmitForReview.To);
        Assert.Equal(RcaState.InAnalysis, RcaLifecycle.RequestChanges.To);
        Assert.Null(RcaLifecycle.Approve.To);
        Assert.Equal(RcaState.Published, RcaLifecycle.Publish.To);
        // A new owner writes the analysis: an RCA under review goes back to it.
        Assert.Equal(RcaState.InAnalysis, RcaLifecycle.AfterOwnerChange(RcaState.InReview));
        Assert.Equal(RcaState.Required, RcaLifecycle.AfterOwnerChange(RcaState.Required));
    }

    [Fact]
    public void ReviewCriteria_NameEveryOneMissing()
    {
        var missing = RcaReviewCriteria.Missing(Rca, new RcaAnalysis(), authoredTimelineEntries: 0, liveActions: 0);

        Assert.Equal(
            ["analysis.summary", "analysis.impact", "timeline", "analysis.root_cause", "actions"],
            missing.Select(violation => violation.Subject[$"rcas/{Rca}/".Length..]));
        Assert.All(missing, violation => Assert.Equal(RcaReviewCriteria.ViolationType, violation.Type));
    }

    [Fact]
    public void ReviewCriteria_HoldForACompleteAnalysis_WithContributingFactorsOrAReasonForNoActions()
    {
        var analysis = Complete();
        Assert.Empty(RcaReviewCriteria.Missing(Rca, analysis, 1, 1));

        analysis.RootCause = "";
        Assert.Empty(RcaReviewCriteria.Missing(Rca, analysis, 1, 1));

        analysis.NoActionsReason = "The SBC vendor's fix is already deployed everywhere.";
        Assert.Empty(RcaReviewCriteria.Missing(Rca, analysis, 1, 0));

        analysis.Impact.EndedAt = null;
        Assert.Single(RcaReviewCriteria.Missing(Rca, analysis, 1, 0));
    }

    [Fact]
    public void CaseTimeline_TakesSubmittedAcknowledgedEscalationsAndResolved_WithoutTheVendorsRemarks()
    {
        var caseId = Guid.NewGuid();
        var at = new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
        var facts = new CaseFacts(caseId, Customer, Guid.NewGuid(), "Calls drop", "INCIDENT", "P1", "PREMIUM_PLUS", at, at.AddMinutes(10), at.AddHours(3));
        var breach = new EscalationFact(Guid.NewGuid(), caseId, "HIERARCHICAL", "NONE", "SUPPORT_MANAGER", "BREACH", "RESPONSE", at.AddMinutes(30));

        var entries = CaseTimeline.Of(facts, [breach]);

        Assert.Equal([at, at.AddMinutes(10), at.AddMinutes(30), at.AddHours(3)], entries.Select(entry => entry.OccurredAt));
        Assert.Equal($"case:{caseId:N}:submitted", entries[0].Key);
        Assert.Equal($"escalation:{breach.EscalationId:N}", entries[2].Key);
        Assert.Equal("Escalated to the vendor's support manager, as the response target was breached.", entries[2].Description);
        Assert.Equal("P1 incident submitted: \"Calls drop\".", entries[0].Description);
    }

    [Fact]
    public void DueDate_CountsThePlansBusinessDaysInTheCustomersCalendar()
    {
        var amsterdam = DateTimeZoneProviders.Tzdb["Europe/Amsterdam"];
        var calendar = new SupportPlatform.Contracts.Events.ContractCalendar(ContractSchedules.DefaultHours,
            [new SupportPlatform.Contracts.Events.ContractHoliday("2026-12-25", "Christmas", true)]);
        var schedule = ContractSchedules.BusinessHours("Europe/Amsterdam", calendar);
        var days = new RcaOptions().DueBusinessDays;
        // Monday 21 December 2026, 15:00 in Amsterdam.
        var created = amsterdam.AtStrictly(new LocalDateTime(2026, 12, 21, 15, 0)).ToDateTimeOffset();

        // Premium Plus: five business days: 22, 23, 24, (25 a holiday, a weekend) 28, 29; Standard ten: on to 30, 31, 1, 4, 5.
        Assert.Equal(amsterdam.AtStrictly(new LocalDateTime(2026, 12, 29, 17, 0)).ToDateTimeOffset(), RcaPolicy.DueAt(schedule, created, "PREMIUM_PLUS", days));
        Assert.Equal(amsterdam.AtStrictly(new LocalDateTime(2027, 1, 5, 17, 0)).ToDateTimeOffset(), RcaPolicy.DueAt(schedule, created, "STANDARD", days));
    }

    [Fact]
    public void Document_HasThePostmortemsSections_InTheCustomersZone_AndNoMarkupFromTheText()
    {
        var rca = new SupportPlatform.Rca.V1.Rca
        {
            RcaId = Rca.ToString(), Title = "SBC dropped <calls>", State = RcaState.Published, Owner = Party.Customer, Reviewer = Party.Vendor,
            CauseAttribution = SupportPlatform.Cases.V1.CauseAttribution.Sbc, CauseJustification = "Firmware 9.1 | TLS bug",
            CreatedAt = Timestamp.FromDateTimeOffset(new DateTimeOffset(2026, 12, 3, 8, 0, 0, TimeSpan.Zero)),
            DueAt = Timestamp.FromDateTimeOffset(new DateTimeOffset(2026, 12, 10, 16, 0, 0, TimeSpan.Zero)),
            PublishedAt = Timestamp.FromDateTimeOffset(new DateTimeOffset(2026, 12, 4, 8, 0, 0, TimeSpan.Zero)),
            CaseIds = { Guid.NewGuid().ToString() },
            Analysis = Complete(),
            Timeline = { new TimelineEntry { OccurredAt = Timestamp.FromDateTimeOffset(new DateTimeOffset(2026, 12, 3, 7, 55, 0, TimeSpan.Zero)), Description = "Monitoring | alarm" } },
            Actions = { new RcaAction { Type = ActionType.Preventive, Description = "Upgrade SBC firmware", OwnerParty = Party.Customer, Status = ActionStatus.Open,
                DueAt = Timestamp.FromDateTimeOffset(new DateTimeOffset(2026, 12, 20, 12, 0, 0, TimeSpan.Zero)) } },
        };
        rca.Analysis.Summary = "Calls dropped. <script>alert(1)</script> See [the status page](https://status.example.com), "
            + "[the runbook](/runbooks/sbc), [not this](javascript:alert(2)), ![nor this](data:image/svg+xml;base64,PHN2Zz4=) and <javascript:alert(3)>.";

        var document = RcaDocument.Render(rca, DateTimeZoneProviders.Tzdb["Europe/Amsterdam"]);

        foreach (var section in new[] { "## Summary", "## Customer impact", "## Detection", "## Trigger", "## Timeline", "## Contributing factors",
            "## Five whys", "## Root cause", "## Resolution", "## Lessons learned", "### What went well", "### What went wrong", "### Where we got lucky",
            "## Corrective and preventive actions" })
        {
            Assert.Contains(section + "\n", document.Markdown);
        }
        Assert.Contains("| 2026-12-03T08:55:00+01 | Monitoring \\| alarm |", document.Markdown);
        Assert.Contains("| Preventive | Upgrade SBC firmware | Customer | 2026-12-20T13:00:00+01 | Open |", document.Markdown);
        Assert.DoesNotContain("Draft", document.Markdown);
        Assert.DoesNotContain("<script>", document.Html);
        Assert.Contains("&lt;script&gt;", document.Html);
        Assert.Contains("<a href=\"https://status.example.com\">the status page</a>", document.Html);
        Assert.Contains("<a href=\"/runbooks/sbc\">the runbook</a>", document.Html);
        Assert.DoesNotContain("href=\"javascript", document.Html);
        Assert.DoesNotContain("src=\"data:", document.Html);
        Assert.Contains("<title>Root cause analysis: SBC dropped &lt;calls&gt;</title>", document.Html);
        Assert.Contains("<h2>Customer impact</h2>", document.Html);
        Assert.Equal("rca-2026-12-03-sbc-dropped-calls.md", document.FileName);

        rca.State = RcaState.InReview;
        rca.PublishedAt = null;
        Assert.Contains("> **Draft** (In review): not published yet.", RcaDocument.Render(rca, DateTimeZone.Utc).Markdown);
    }

    private static RcaAnalysis Complete() => new()
    {
        Summary = "Calls dropped for two hours.",
        Impact = new CustomerImpact
        {
            Description = "Inbound calls to the contact centre failed.", AffectedUsers = 250,
            StartedAt = Timestamp.FromDateTimeOffset(new DateTimeOffset(2026, 12, 3, 7, 50, 0, TimeSpan.Zero)),
            EndedAt = Timestamp.FromDateTimeOffset(new DateTimeOffset(2026, 12, 3, 9, 50, 0, TimeSpan.Zero)),
        },
        Detection = "Monitoring alarm.",
        Trigger = "A firmware update of the SBC.",
        ContributingFactors = { "No staged roll-out of SBC firmware." },
        FiveWhys = { "TLS handshakes failed." },
        RootCause = "The SBC firmware rejected the certificate chain.",
        Resolution = "Rolled the firmware back.",
        Lessons = new Lessons { WentWell = { "Fast detection." }, WentWrong = { "No rollback plan." }, GotLucky = { "Low traffic." } },
    };
}
