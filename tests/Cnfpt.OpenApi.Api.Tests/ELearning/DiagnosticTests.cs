using System.Net;
using Cnfpt.OpenApi.Api.Tests.Infrastructure;

namespace Cnfpt.OpenApi.Api.Tests.ELearning;

/// <summary>The diagnostic recommends exactly the modules whose statements were answered wrongly.</summary>
[Collection(ELearningCollection.Name)]
public sealed class DiagnosticTests(ELearningFixture fixture)
{
    [Theory]
    [InlineData(new int[0])]
    [InlineData(new[] { 1 })]
    [InlineData(new[] { 2, 3, 6 })]
    public async Task TheDiagnostic_RecommendsExactlyTheModulesOfTheStatementsMissed(int[] missedModules)
    {
        using var anonymous = fixture.Api.CreateClient();
        var questions = await fixture.QueryAsync("SELECT q.id, q.module_id, q.is_true, m.code FROM diagnostic_questions q JOIN elearning_modules m ON m.id = q.module_id ORDER BY q.id");
        Assert.True(questions.Count >= 10);
        // Every statement answered; in each module to miss, only its first statement is answered wrongly.
        var firstOfModule = questions.GroupBy(q => (int)q["module_id"]!).ToDictionary(g => g.Key, g => (int)g.First()["id"]!);
        var answers = questions.Select(q => new
        {
            questionId = (int)q["id"]!,
            answer = missedModules.Contains((int)q["module_id"]!) && firstOfModule[(int)q["module_id"]!] == (int)q["id"]! ? !(bool)q["is_true"]! : (bool)q["is_true"]!,
        }).ToList();

        var (response, body) = await ELearningFixture.PostAsync(anonymous, "/v1/ELearningModules/Diagnose", new { answers });

        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        var recommended = ELearningFixture.Parse(body).Values().ToList();
        var expectedCodes = questions.Where(q => missedModules.Contains((int)q["module_id"]!)).Select(q => (string?)q["code"]).Distinct().Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expectedCodes, recommended.Select(r => r.GetProperty("code").GetString()).ToList());
        Assert.All(recommended, r => Assert.Equal(1, r.GetProperty("questionsMissed").GetInt32()));
    }

    [Fact]
    public async Task TheStatements_NeverCarryTheirAnswer()
    {
        using var anonymous = fixture.Api.CreateClient();
        var page = await anonymous.GetJsonAsync("/v1/DiagnosticQuestions?$filter=moduleId eq 1");
        Assert.NotEmpty(page.Values());
        Assert.All(page.Values(), q => Assert.False(q.TryGetProperty("isTrue", out _)));
        using var select = await anonymous.GetAsync(new Uri("/v1/DiagnosticQuestions?$select=isTrue", UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, select.StatusCode);
    }

    [Fact]
    public async Task AnUnknownStatement_IsAProblemNamingTheAnswer()
    {
        using var anonymous = fixture.Api.CreateClient();
        var (response, _) = await ELearningFixture.PostAsync(anonymous, "/v1/ELearningModules/Diagnose",
            new { answers = new[] { new { questionId = 1, answer = true }, new { questionId = 99999, answer = false } } });
        var problem = await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "question-not-found");
        Assert.True(problem.GetProperty("errors").TryGetProperty("answers[1].questionId", out _));
    }

    [Fact]
    public async Task TheModuleCatalogue_IsPublic_AndFiltersByTheme()
    {
        using var anonymous = fixture.Api.CreateClient();
        var theme = (int)(await fixture.QueryAsync("SELECT theme_id FROM elearning_modules WHERE code = 'ELM001'"))[0]["theme_id"]!;
        var page = await anonymous.GetJsonAsync($"/v2/ELearningModules?$filter=themeId eq {theme}&$select=code,themeId,durationMinutes");
        Assert.Equal(await fixture.ScalarAsync("SELECT count(*) FROM elearning_modules WHERE theme_id = @t", ("t", theme)), page.Values().Count());
        Assert.All(page.Values(), m => Assert.InRange(m.GetProperty("durationMinutes").GetInt32(), 15, 120));
    }
}
