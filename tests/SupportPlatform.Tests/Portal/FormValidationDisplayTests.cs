extern alias portal;

using Bunit;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.FluentUI.AspNetCore.Components;
using portal::SupportPlatform.Portal.Api;
using portal::SupportPlatform.Portal.Components.Shared;

namespace SupportPlatform.Tests.Portal;

/// <summary>
/// The portal's forms as a person sees their checks (bUnit, no browser): the case service's
/// violations next to their fields all at once, the live checks as a field changes, and the
/// refusal banner.
/// </summary>
public sealed class FormValidationDisplayTests : BunitContext
{
    public FormValidationDisplayTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddFluentUIComponents();
    }

    private IRenderedComponent<CaseFormFields> RenderFields(CaseForm form, Dictionary<string, List<string>> errors) =>
        Render<CaseFormFields>(parameters => parameters
            .Add(p => p.Form, form)
            .Add(p => p.Errors, errors)
            .Add(p => p.TimeZone, "Europe/Amsterdam"));

    [Fact]
    public void TheServicesViolations_AreShownNextToTheirFields_AllAtOnce()
    {
        var errors = new Dictionary<string, List<string>>
        {
            ["details.l1_checks_performed"] = ["is required"],
            ["details.business_impact"] = ["is required"],
        };

        var fields = RenderFields(new CaseForm(), errors);

        Assert.Equal("is required", fields.Find("#checks-error").TextContent);
        Assert.Equal("is required", fields.Find("#impact-error").TextContent);
        Assert.Equal(2, fields.FindAll(".field-error").Count);
        Assert.Contains("Started at (Europe/Amsterdam) *", fields.Find("label[for=started]").TextContent);
    }

    [Fact]
    public void ALiveCheck_ShowsAsAFieldIsTyped_AndGoesOnceTheFieldIsRight()
    {
        var form = new CaseForm();
        var fields = RenderFields(form, []);

        fields.Find("fluent-text-field#title").Input("Slow");
        var tooShort = fields.Find("#title-error").TextContent;
        fields.Find("fluent-text-field#title").Input("Inbound calls drop after thirty seconds");

        Assert.Equal("must be 5-200 characters", tooShort);
        Assert.Empty(fields.FindAll("#title-error"));
        Assert.Equal("Inbound calls drop after thirty seconds", form.Title);
    }

    [Fact]
    public void BusinessImpact_IsCheckedLive_OnlyForP1AndP2()
    {
        var errors = new Dictionary<string, List<string>>();
        var form = new CaseForm { Priority = SupportPlatform.Common.V1.Priority.P3 };
        var fields = RenderFields(form, errors);

        // Typed and deleted again: empty, for a P3 and then for a P1.
        fields.Find("fluent-text-area#impact").Input("x");
        fields.Find("fluent-text-area#impact").Input("");
        var forP3 = fields.FindAll("#impact-error").Count;
        form.Priority = SupportPlatform.Common.V1.Priority.P1;
        fields.Find("fluent-text-area#impact").Input("y");
        fields.Find("fluent-text-area#impact").Input("");

        Assert.Equal(0, forP3);
        Assert.Equal("is required", fields.Find("#impact-error").TextContent);
    }

    [Fact]
    public void TheRefusalBanner_CountsTheFieldViolations_AndListsThoseNoFieldShows()
    {
        var problem = new ServiceProblem(StatusCode.InvalidArgument, "The request is invalid: …",
            [("details.title", "must be 5-200 characters"), ("request_id", "is required")], []);

        var banner = Render<ProblemBar>(parameters => parameters.Add(p => p.Problem, problem).Add(p => p.ShownFields, CaseForm.Fields));

        Assert.Equal("Not saved: 2 field(s) need attention; see the messages next to them.", banner.Find("strong").TextContent);
        Assert.Equal(["request_id: is required"], banner.FindAll("#problem > div").Select(div => div.TextContent));
    }

    [Fact]
    public void TheRefusalBanner_ShowsTheServicesMessage_AndItsFailedPreconditions()
    {
        var problem = new ServiceProblem(StatusCode.FailedPrecondition, "The case is RESOLVED; it cannot be withdrawn.", [], ["Reopen it first."]);

        var banner = Render<ProblemBar>(parameters => parameters.Add(p => p.Problem, problem));

        Assert.Equal("The case is RESOLVED; it cannot be withdrawn.", banner.Find("strong").TextContent);
        Assert.Equal("Reopen it first.", banner.Find("#problem > div").TextContent);
        Assert.Equal("alert", banner.Find("#problem").GetAttribute("role"));
    }
}
