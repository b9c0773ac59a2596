using System.Text.Json.Nodes;
using System.Xml.Linq;
using Cnfpt.OpenApi.Api.Tests.Contracts.Gate;
using Cnfpt.OpenApi.Api.Tests.Infrastructure;

namespace Cnfpt.OpenApi.Api.Tests.Contracts;

/// <summary>
/// The gate itself, fed deliberately broken copies of the released v1 contracts: each break is found and named, a
/// compatible change (new optional property, new endpoint, new entity set) passes.
/// </summary>
public sealed class GateTests
{
    private static readonly XNamespace Edm = "http://docs.oasis-open.org/odata/ns/edm";
    private static readonly string Released = Path.Combine(Repository.Root, "contracts", "released", "v1");

    private static JsonNode OpenApi() => JsonNode.Parse(File.ReadAllText(Path.Combine(Released, "openapi.json")))!;

    private static XDocument Csdl() => XDocument.Load(Path.Combine(Released, "csdl.xml"));

    private static List<ContractBreak> OpenApiBreaks(Action<JsonNode> change)
    {
        var current = OpenApi();
        change(current);
        return OpenApiGate.Compare(OpenApi(), current);
    }

    private static List<ContractBreak> CsdlBreaks(Action<XDocument> change)
    {
        var current = Csdl();
        change(current);
        return CsdlGate.Compare(Csdl(), current);
    }

    private static ContractBreak Single(List<ContractBreak> breaks, BreakKind kind, string where)
    {
        var found = Assert.Single(breaks);
        Assert.Equal(kind, found.Kind);
        Assert.Equal(where, found.Where);
        return found;
    }

    private static XElement Element(XDocument csdl, string element, string name) =>
        csdl.Descendants(Edm + element).Single(e => (string?)e.Attribute("Name") == name);

    [Fact]
    public void Unchanged_HasNoBreak()
    {
        Assert.Empty(OpenApiGate.Compare(OpenApi(), OpenApi()));
        Assert.Empty(CsdlGate.Compare(Csdl(), Csdl()));
    }

    [Fact]
    public void OpenApi_RemovedProperty_IsNamed() =>
        Single(OpenApiBreaks(d => d["components"]!["schemas"]!["Course"]!["properties"]!.AsObject().Remove("title")), BreakKind.RemovedProperty, "Course.title");

    [Fact]
    public void OpenApi_RenamedOperation_IsNamed()
    {
        var found = Single(OpenApiBreaks(d => d["paths"]!["/v1/Courses"]!["get"]!["operationId"] = "Courses_All"), BreakKind.RenamedOperation, "GET /v1/Courses");
        Assert.Contains("Courses_List renamed to Courses_All", found.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void OpenApi_NewRequiredParameter_IsNamed()
    {
        var found = Single(OpenApiBreaks(d => d["paths"]!["/v1/Courses"]!["get"]!["parameters"]!.AsArray().Add(new JsonObject
        {
            ["name"] = "region", ["in"] = "query", ["required"] = true, ["schema"] = new JsonObject { ["type"] = "string" },
        })), BreakKind.NewRequiredParameter, "GET /v1/Courses");
        Assert.Contains("region", found.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void OpenApi_ParameterMadeRequired_IsNamed()
    {
        var found = Single(OpenApiBreaks(d => d["paths"]!["/v1/Courses"]!["get"]!["parameters"]!.AsArray()
            .Single(p => p!["name"]!.GetValue<string>() == "$top")!["required"] = true), BreakKind.ParameterMadeRequired, "GET /v1/Courses");
        Assert.Contains("$top", found.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void OpenApi_RemovedEnumMember_IsNamed() =>
        Single(OpenApiBreaks(d => d["components"]!["schemas"]!["Modality"]!["enum"]!.AsArray()
            .Remove(d["components"]!["schemas"]!["Modality"]!["enum"]!.AsArray().Single(m => m!.GetValue<string>() == "Hybride"))), BreakKind.RemovedEnumMember, "Modality.Hybride");

    [Fact]
    public void OpenApi_AddedEnumMember_IsNamed() =>
        Single(OpenApiBreaks(d => d["components"]!["schemas"]!["Modality"]!["enum"]!.AsArray().Add("Webinaire")), BreakKind.AddedEnumMember, "Modality.Webinaire");

    [Fact]
    public void OpenApi_RemovedPath_IsNamed() =>
        Single(OpenApiBreaks(d => d["paths"]!.AsObject().Remove("/v1/Themes({key})")), BreakKind.RemovedPath, "/v1/Themes({key})");

    [Fact]
    public void OpenApi_NarrowedType_IsNamed()
    {
        var found = Single(OpenApiBreaks(d => d["components"]!["schemas"]!["StatisticsRow"]!["properties"]!["id"]!["format"] = "int32"), BreakKind.NarrowedType, "StatisticsRow.id");
        Assert.Contains("integer/int64 became integer/int32", found.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void OpenApi_NewRequiredPropertyInARequestBody_IsNamed() =>
        Single(OpenApiBreaks(d => d["components"]!["schemas"]!["EnrolmentRequest"]!["required"] = new JsonArray("comment")), BreakKind.NewRequiredProperty, "EnrolmentRequest.comment");

    [Fact]
    public void OpenApi_SeveralBreaks_AreEachNamed()
    {
        var breaks = OpenApiBreaks(d =>
        {
            d["components"]!["schemas"]!["Session"]!["properties"]!.AsObject().Remove("venue");
            d["paths"]!["/v1/Sessions"]!["get"]!["operationId"] = "Sessions_Search";
            d["paths"]!.AsObject().Remove("/v1/Communes");
        });

        Assert.Equal(
            [(BreakKind.RemovedPath, "/v1/Communes"), (BreakKind.RenamedOperation, "GET /v1/Sessions"), (BreakKind.RemovedProperty, "Session.venue")],
            breaks.Select(b => (b.Kind, b.Where)).Order());
    }

    [Fact]
    public void OpenApi_CompatibleChanges_Pass()
    {
        var breaks = OpenApiBreaks(d =>
        {
            // New optional property on a response schema, new optional query parameter, new endpoint.
            d["components"]!["schemas"]!["Course"]!["properties"]!["level"] = new JsonObject { ["type"] = "string", ["nullable"] = true };
            d["paths"]!["/v1/Courses"]!["get"]!["parameters"]!.AsArray().Add(new JsonObject { ["name"] = "lang", ["in"] = "query", ["schema"] = new JsonObject { ["type"] = "string" } });
            d["paths"]!["/v1/Attestations"] = d["paths"]!["/v1/Themes"]!.DeepClone();
            d["paths"]!["/v1/Attestations"]!["get"]!["operationId"] = "Attestations_List";
        });

        Assert.Empty(breaks);
    }

    [Fact]
    public void Csdl_RemovedEntitySet_IsNamed() =>
        Single(CsdlBreaks(c => Element(c, "EntitySet", "Themes").Remove()), BreakKind.RemovedEntitySet, "Themes");

    [Fact]
    public void Csdl_RemovedProperty_IsNamed() =>
        Single(CsdlBreaks(c => Element(c, "EntityType", "Course").Elements(Edm + "Property").Single(p => (string?)p.Attribute("Name") == "title").Remove()), BreakKind.RemovedProperty, "Course.title");

    [Fact]
    public void Csdl_RemovedEnumMember_IsNamed() =>
        Single(CsdlBreaks(c => Element(c, "EnumType", "EnrolmentStatus").Elements(Edm + "Member").Single(m => (string?)m.Attribute("Name") == "Waitlisted").Remove()), BreakKind.RemovedEnumMember, "EnrolmentStatus.Waitlisted");

    [Fact]
    public void Csdl_NewRequiredActionParameter_IsNamed()
    {
        var found = Single(CsdlBreaks(c => Element(c, "Action", "Revoke").Add(new XElement(Edm + "Parameter", new XAttribute("Name", "reason"), new XAttribute("Type", "Edm.String")))),
            BreakKind.NewRequiredParameter, "Action Revoke(Mandate)");
        Assert.Contains("reason", found.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Csdl_OptionalParameterMadeRequired_IsNamed() =>
        Single(CsdlBreaks(c => c.Descendants(Edm + "Action").Single(a => (string?)a.Attribute("Name") == "Accept")
            .Elements(Edm + "Parameter").Single(p => (string?)p.Attribute("Name") == "reason").Elements(Edm + "Annotation").Remove()), BreakKind.ParameterMadeRequired, "Action Accept(Enrolment)");

    [Fact]
    public void Csdl_NarrowedType_IsNamed() =>
        Single(CsdlBreaks(c => Element(c, "EntityType", "StatisticsRow").Elements(Edm + "Property").Single(p => (string?)p.Attribute("Name") == "id").SetAttributeValue("Type", "Edm.Int32")),
            BreakKind.NarrowedType, "StatisticsRow.id");

    [Fact]
    public void Csdl_RemovedNavigationAndAction_AreNamed()
    {
        var breaks = CsdlBreaks(c =>
        {
            Element(c, "EntityType", "Course").Elements(Edm + "NavigationProperty").Single(n => (string?)n.Attribute("Name") == "theme").Remove();
            Element(c, "Action", "MarkSent").Remove();
        });

        Assert.Equal([(BreakKind.RemovedOperation, "Action MarkSent(PrintBatch)"), (BreakKind.RemovedNavigation, "Course.theme")], breaks.Select(b => (b.Kind, b.Where)).Order());
    }

    [Fact]
    public void Csdl_CompatibleChanges_Pass()
    {
        var breaks = CsdlBreaks(c =>
        {
            // New nullable property, new entity type and entity set, new optional action parameter.
            Element(c, "EntityType", "Course").Add(new XElement(Edm + "Property", new XAttribute("Name", "level"), new XAttribute("Type", "Edm.String")));
            var attestation = new XElement(Element(c, "EntityType", "Theme"));
            attestation.SetAttributeValue("Name", "Attestation");
            Element(c, "EntityType", "Theme").AddAfterSelf(attestation);
            c.Descendants(Edm + "EntityContainer").Single().Add(new XElement(Edm + "EntitySet", new XAttribute("Name", "Attestations"), new XAttribute("EntityType", "Cnfpt.OpenApi.V1.Attestation")));
            Element(c, "Action", "Revoke").Add(new XElement(Edm + "Parameter", new XAttribute("Name", "note"), new XAttribute("Type", "Edm.String"),
                new XElement(Edm + "Annotation", new XAttribute("Term", "Org.OData.Core.V1.OptionalParameter"))));
        });

        Assert.Empty(breaks);
    }

    [Fact]
    public void V2ComparedWithV1_BreaksExactlyWhatTheMigrationGuideLists()
    {
        var v1 = XDocument.Load(Path.Combine(Repository.Root, "contracts", "csdl", "v1.xml"));
        var v2 = XDocument.Load(Path.Combine(Repository.Root, "contracts", "csdl", "v2.xml"));

        var breaks = CsdlGate.Compare(v1, v2).Select(b => $"{b.Kind} {b.Where}").Order(StringComparer.Ordinal).ToList();

        // docs/migration-v1-v2.md: venue and communeCode moved into location, the commune navigation lost its
        // referential constraint with them, Modality gained ClasseVirtuelle, the navigations to sessions are gone.
        Assert.Equal(
        [
            "AddedEnumMember Modality.ClasseVirtuelle",
            "RemovedNavigation Attestation.session",
            "RemovedNavigation Course.sessions",
            "RemovedNavigation Delegation.sessions",
            "RemovedNavigation Enrolment.session",
            "RemovedProperty Session.communeCode",
            "RemovedProperty Session.venue",
        ], breaks);
    }
}
