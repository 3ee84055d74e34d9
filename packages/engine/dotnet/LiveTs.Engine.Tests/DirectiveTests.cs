using LiveTs.Engine.Rendering;
using LiveTs.Engine.Templates;
using LiveTs.Engine.Templates.Expressions;
using static LiveTs.Engine.Tests.TestSupport.Tree;

namespace LiveTs.Engine.Tests;

/// <summary>ts-text, ts-show, ts-class and ts-model: compiled once into parts fed by values after the slots.</summary>
public class DirectiveTests
{
    private static Template Compile(params string[] statics) => TemplateCompiler.Compile(0, statics);

    private static string Write(Template template, params RenderValue[] values) =>
        HtmlWriter.Write(RenderValue.Of(new TemplateInstance(template, values)));

    [Fact]
    public void TsTextFillsTheElementWithAValueAfterTheSlots()
    {
        // Arrange
        var template = Compile("<p>", " <span ts-text=\"user.name\"></span></p>");

        // Act
        var html = Write(template, RenderValue.Text("Hi"), RenderValue.Text("<Ann>"));

        // Assert
        var directive = Assert.Single(template.Directives);
        Assert.Equal(DirectiveKind.Text, directive.Kind);
        Assert.Equal("""["p","user","name"]""", directive.Expression.ToJson());
        Assert.Equal(2, template.ValueCount);
        Assert.Equal("<p><!--ts[0-->Hi<!--ts]--> <span ><!--ts[1-->&lt;Ann&gt;<!--ts]--></span></p>", html);
    }

    [Fact]
    public void TsShowSetsTheHiddenAttribute_NoInlineStyle()
    {
        var template = Compile("<div id=\"menu\" style=\"color: red\" ts-show=\"open && !busy\">menu</div>");

        var shown = Write(template, RenderValue.False);
        var hidden = Write(template, RenderValue.True);

        var directive = Assert.Single(template.Directives);
        Assert.Equal(DirectiveKind.Show, directive.Kind);
        Assert.Equal("""["&&",["p","open"],["!",["p","busy"]]]""", directive.Expression.ToJson());
        Assert.Equal("<!--ts@0 hidden--><div id=\"menu\" style=\"color: red\"  >menu</div>", shown);
        Assert.Equal("<!--ts@0 hidden--><div id=\"menu\" style=\"color: red\"  hidden>menu</div>", hidden);
    }

    [Fact]
    public void TsShowRefusesAHiddenAttributeOfItsOwn()
    {
        var error = Assert.Throws<LiveTsException>(() => Compile("<p hidden ts-show=\"open\">x</p>"));

        Assert.Contains("remove hidden", error.Message);
    }

    [Theory]
    [InlineData("<li class=\"item big\" ts-class=\"{ 'done': todo.done }\"></li>")]
    [InlineData("<li ts-class=\"{ 'done': todo.done }\" class=\"item big\"></li>")]
    public void TsClassMergesWithTheStaticClassWhereverItIsWritten(string markup)
    {
        var template = Compile(markup);

        var html = Write(template, RenderValue.Text("item big done"));

        var directive = Assert.Single(template.Directives);
        Assert.Equal(DirectiveKind.Class, directive.Kind);
        Assert.Equal("item big", directive.Argument);
        Assert.Equal("""["{}",["done",["p","todo","done"]]]""", directive.Expression.ToJson());
        Assert.Equal(1, Count(html, "class="));
        Assert.Contains("class=\"item big done\"", html);
    }

    [Fact]
    public void TsModelOnATextInputBindsValueAndDeclaresItsEvent()
    {
        // Arrange & Act
        var template = Compile("<input name=\"email\" ts-model.lazy.trim=\"form.email\">");

        // Assert
        var directive = Assert.Single(template.Directives);
        Assert.Equal(DirectiveKind.ModelValue, directive.Kind);
        Assert.Contains("ts-model.lazy.trim:form.email", template.EventNames);
        Assert.Equal("<!--ts@0 value--><input name=\"email\" ts-model.lazy.trim=\"form.email\" value=\"a&quot;b\">",
            Write(template, RenderValue.Text("a\"b")));
    }

    [Fact]
    public void TsModelOnCheckboxesAndRadiosBindsChecked()
    {
        var checkbox = Compile("<input type=\"checkbox\" ts-model=\"todo.done\">");
        var radio = Compile("<input ts-model=\"size\" type=\"radio\" value=\"L\">");

        Assert.Equal(DirectiveKind.ModelChecked, checkbox.Directives[0].Kind);
        Assert.Equal((DirectiveKind.ModelRadio, "L"), (radio.Directives[0].Kind, radio.Directives[0].Argument));
        Assert.Contains(" checked>", Write(checkbox, RenderValue.True));
        Assert.DoesNotContain("checked", Write(radio, RenderValue.False).Replace("ts@0 checked", ""));
    }

    [Theory]
    [InlineData("<p ts-text=\"a +\"></p>", "column 15", "ts-text: unexpected '+'")]
    [InlineData("<p ts-show=\"user.__proto__\"></p>", "column 18", "'__proto__' cannot be used")]
    [InlineData("<p ts-class=\"active\"></p>", "ts-class takes a map of class names")]
    [InlineData("<div ts-model=\"x\"></div>", "put it on <input>, <select> or <textarea>")]
    [InlineData("<input ts-model=\"a ? b : c\">", "ts-model needs a path")]
    [InlineData("<input ts-model=\"x\" value=\"1\">", "remove value=\"1\"")]
    [InlineData("<input type=\"radio\" ts-model=\"x\">", "needs its own value")]
    [InlineData("<input ts-model.fast=\"x\">", "unknown modifier '.fast'")]
    [InlineData("<input ts-on:keydown.enterr=\"go\">", "unknown modifier '.enterr'")]
    [InlineData("<input ts-on:input.debounce.fast=\"go\">", "unknown modifier '.fast'")]
    [InlineData("<p ts-text=\"a\">static</p>", "leave it empty in the template")]
    [InlineData("<input ts-text=\"a\">", "ts-text cannot fill <input>")]
    [InlineData("<ul><li ts-if=\"a\">x</ul>", "<li ts-if> is never closed")]
    public void BadDirectivesFailWhenTheTemplateCompiles(string markup, params string[] expected)
    {
        var error = Assert.Throws<LiveTsException>(() => Compile(markup));

        Assert.Equal(EngineErrorCodes.TemplateInvalid, error.Code);
        foreach (var text in expected) Assert.Contains(text, error.Message);
    }

    [Theory]
    [InlineData("<input ts-on:input.debounce=\"go\">")]
    [InlineData("<input ts-on:input.debounce.300ms=\"go\">")]
    [InlineData("<div ts-on:keydown.window.ctrl.k.prevent=\"go\"></div>")]
    [InlineData("<input ts-model.lazy.number.debounce.200=\"form.age\">")]
    public void ModifiersTheClientKnowsCompile(string markup)
    {
        var template = Compile(markup);

        Assert.NotNull(template);
    }

    [Fact]
    public void ADirectiveWithASlotIsRefused()
    {
        var error = Assert.Throws<LiveTsException>(() => Compile("<p ts-text=\"", "\"></p>"));

        Assert.Contains("takes an expression written in the template", error.Message);
    }

    [Theory]
    [InlineData("a.b.0", """["p","a","b","0"]""")]
    [InlineData("count >= 10 ? 'many' : \"few\"", """["?",[">=",["p","count"],["v",10]],["v","many"],["v","few"]]""")]
    [InlineData("!(a || b) && c !== null", """["&&",["!",["||",["p","a"],["p","b"]]],["!=",["p","c"],["v",null]]]""")]
    [InlineData("x == -1.5", """["==",["p","x"],["v",-1.5]]""")]
    [InlineData("{ 'a b': x, \"c\": !y }", """["{}",["a b",["p","x"]],["c",["!",["p","y"]]]]""")]
    public void ExpressionsParseToTheTreeTheTypeScriptSideEvaluates(string source, string json)
    {
        Assert.Equal(json, ExpressionParser.Parse(source).ToJson());
    }

    [Fact]
    public void TsIfMakesTheElementATemplateOfItsOwnThatOwnsItsSlots()
    {
        // Arrange: slots before, inside (text and attribute) and after the conditional element
        var registry = new TemplateRegistry();
        var template = registry.Compile(["<div>", "<p ts-if=\"open\" class=\"", "\">Hi ", "</p>", "</div>"]);
        string Tree(bool open) => T(template.Id, S("a"), S("cls"), S("you"), S("z"), open ? True : False);

        // Act
        var shown = HtmlWriter.Write(RenderTreeReader.ReadRoot(Tree(true), registry));
        var hidden = HtmlWriter.Write(RenderTreeReader.ReadRoot(Tree(false), registry));

        // Assert
        Assert.Equal(DirectiveKind.If, Assert.Single(template.Directives).Kind);
        Assert.Equal("<div><!--ts[0-->a<!--ts]--><!--ts[1--><!--ts@0 class--><p  class=\"cls\">Hi <!--ts[1-->you<!--ts]--></p><!--ts]--><!--ts[2-->z<!--ts]--></div>", shown);
        Assert.Equal("<div><!--ts[0-->a<!--ts]--><!--ts[1--><!--ts]--><!--ts[2-->z<!--ts]--></div>", hidden);
    }

    [Fact]
    public void NestedTsIfAndDirectivesInsideWork()
    {
        var registry = new TemplateRegistry();
        var template = registry.Compile(["<section ts-if=\"a\"><b ts-text=\"name\"></b><i ts-if=\"b\">", "</i></section><br ts-if=\"c\">"]);

        var html = HtmlWriter.Write(RenderTreeReader.ReadRoot(
            T(template.Id, S("x"), True, S("Ann"), True, False), registry));

        // directives: if a, then a's inner ones (text, if b), then if c
        Assert.Equal([DirectiveKind.If, DirectiveKind.Text, DirectiveKind.If, DirectiveKind.If], template.Directives.Select(d => d.Kind));
        Assert.Equal("<!--ts[0--><section ><b ><!--ts[0-->Ann<!--ts]--></b><!--ts[1--><i ><!--ts[0-->x<!--ts]--></i><!--ts]--></section><!--ts]--><!--ts[1--><!--ts]-->", html);
    }

    [Fact]
    public void TsIfErrorsPointIntoTheWholeTemplate()
    {
        var error = Assert.Throws<LiveTsException>(() => Compile("<div>\n  <p ts-if=\"ok\">\n    <b ts-bogus=\"1\"></b></p></div>"));

        // the same place as without ts-if: the closing quote of the unknown attribute
        Assert.StartsWith("template error at line 3, column 19: unknown directive 'ts-bogus'", error.Message);
    }

    private static int Count(string text, string part) => (text.Length - text.Replace(part, "").Length) / part.Length;
}
