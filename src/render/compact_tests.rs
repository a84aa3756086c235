//! Tests of template compaction: what a browser shows must not change.

use super::compact;
use proptest::prelude::*;

#[test]
fn indentation_between_blocks_goes_and_spaces_between_words_stay() {
    assert_eq!(
        compact("<ul>\n  <li>\n    Call\n    <a href=\"x\">us</a>\n    today\n  </li>\n</ul>\n"),
        "<ul><li>Call <a href=\"x\">us</a> today</li></ul>"
    );
    assert_eq!(compact("<p>a <em>b</em>  c</p>"), "<p>a <em>b</em> c</p>");
}

#[test]
fn preformatted_text_scripts_and_tera_tags_are_kept_as_written() {
    let pre = "<div>\n  <pre>\n  a\n    b\n  </pre>\n</div>";
    assert_eq!(compact(pre), "<div><pre>\n  a\n    b\n  </pre></div>");
    let script = "<script>\n  // a comment\n  go();\n</script>";
    assert_eq!(compact(script), script);
    // A `>` inside a Tera tag or a quoted value does not end the HTML tag.
    let tag = "<a href=\"{{ \"a > b\" }}\"\n   {% if x > 1 %}class='c > d'{% endif %}>\n  x\n</a>";
    assert_eq!(
        compact(tag),
        "<a href=\"{{ \"a > b\" }}\"\n   {% if x > 1 %}class='c > d'{% endif %}> x </a>"
    );
}

#[test]
fn comments_go_but_template_comments_and_their_apostrophes_do_not_derail_it() {
    assert_eq!(
        compact("{# the region's notes #}\n<div>\n  <!-- note -->\n  <p>x</p>\n</div>"),
        "{# the region's notes #}<div><p>x</p></div>"
    );
    // A comment that holds template tags stays: removing it could unbalance them.
    assert_eq!(compact("<!-- {{ x }} -->"), "<!-- {{ x }} -->");
}

#[test]
fn words_printed_by_a_loop_stay_apart() {
    let template = "<p>\n  {%- for x in items %}\n  {{ x }}\n  {%- endfor %}\n</p>";
    let mut cx = tera::Context::new();
    cx.insert("items", &["a", "b"]);
    let render = |t: &str| tera::Tera::one_off(t, &cx, false).unwrap();
    assert_eq!(render(&compact(template)), "<p> a b</p>");
    assert_eq!(normalized(&render(template)), "<p>a b");
}

fn render(template: &str) -> String {
    let mut cx = tera::Context::new();
    cx.insert("name", "Ann");
    cx.insert("flag", &true);
    tera::Tera::one_off(template, &cx, false).unwrap()
}

/// Cases a review found: each showed different text once compacted.
#[test]
fn what_the_review_found_reads_the_same_once_compacted() {
    for template in [
        "<p>Hello\n{%- set x = 1 %}\n{{ name }}</p>",
        "<p>Hello\n{#- note #}\n{{ name }}</p>",
        "<p>Use\n<code>ls</code>\n<code>-l</code></p>",
        "<p><button>Yes</button>\n<button>No</button></p>",
        "<p>{{ name }}{% if flag %}\n<svg></svg>{% endif %}</p>",
        "{% filter linebreaksbr %}line 1\nline 2{% endfilter %}",
        "<p>Write {<!-- -->{ name }}</p>",
    ] {
        assert_eq!(
            text(&render(template)),
            text(&render(&compact(template))),
            "{template}"
        );
    }
    assert!(compact("{%raw%}\n  a {{ b }}\n{%endraw%}").contains("\n  a {{ b }}\n"));
}

#[test]
fn a_theme_filling_preformatted_text_from_elsewhere_is_not_compacted() {
    let theme = |base: &str| vec![("base.html".to_string(), base.to_string())];
    assert!(!super::safe_for(&theme(
        "<pre>{% block code %}{% endblock %}</pre>"
    )));
    assert!(!super::safe_for(&theme(
        "<script>{% include \"menu.js\" %}</script>"
    )));
    assert!(super::safe_for(&theme(
        "<script>{{ base.reload_script | safe }}</script>"
    )));
}

/// The words of a page with the spaces between them, tags and comments left out.
fn text(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if in_tag => {}
            _ => out.push(c),
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// What a browser shows: minified, without optional end tags and without whitespace next
/// to block-level tags.
fn normalized(html: &str) -> String {
    let cfg = minify_html::Cfg::new();
    let min = String::from_utf8(minify_html::minify(html.as_bytes(), &cfg)).unwrap();
    let mut parts: Vec<(bool, String)> = Vec::new();
    let mut rest = min.as_str();
    while !rest.is_empty() {
        let (part, tag) = match rest.find('<') {
            Some(0) => (rest.find('>').map_or(rest.len(), |g| g + 1), true),
            Some(lt) => (lt, false),
            None => (rest.len(), false),
        };
        let text = &rest[..part];
        if !matches!(text, "</p>" | "</li>" | "</dt>" | "</dd>") {
            parts.push((tag, text.to_string()));
        }
        rest = &rest[part..];
    }
    let block = |p: Option<&(bool, String)>| {
        p.is_some_and(|(tag, t)| {
            *tag && super::is_block(super::tag_name(t.trim_start_matches(['<', '/'])))
        })
    };
    let mut out = String::new();
    for i in 0..parts.len() {
        let (tag, text) = &parts[i];
        if *tag {
            out.push_str(text);
            continue;
        }
        let mut t = text.as_str();
        if i > 0 && block(parts.get(i - 1)) {
            t = t.trim_start();
        }
        if block(parts.get(i + 1)) {
            t = t.trim_end();
        }
        out.push_str(t);
    }
    out
}

fn ws() -> impl Strategy<Value = String> {
    prop::sample::select(vec!["", " ", "\n", "\n  ", "  \n\t "]).prop_map(String::from)
}

/// Content in an element, with whitespace inside both ends.
fn element(
    tags: Vec<&'static str>,
    content: impl Strategy<Value = String>,
) -> impl Strategy<Value = String> {
    (prop::sample::select(tags), ws(), content, ws())
        .prop_map(|(t, a, c, b)| format!("<{t}>{a}{c}{b}</{t}>"))
}

/// Content in an `if` or a `for`, with whitespace around.
fn control(content: impl Strategy<Value = String>) -> impl Strategy<Value = String> {
    let tags = vec![
        ("{% if flag %}", "{% endif %}"),
        ("{% for x in items %}", "{% endfor %}"),
    ];
    (prop::sample::select(tags), ws(), content, ws())
        .prop_map(|((open, close), a, c, b)| format!("{a}{open}{c}{close}{b}"))
}

fn inline() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        prop::sample::select(vec!["word", "two words", "{{ v }}", "<br>", "{{ x }}"])
            .prop_map(String::from),
        ws(),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        let seq = prop::collection::vec(inner, 0..4).prop_map(|v| v.concat());
        prop_oneof![
            element(vec!["span", "a", "em"], seq.clone()),
            control(seq.clone()),
            (seq.clone(), seq.clone())
                .prop_map(|(a, b)| format!("{{% if flag %}}{a}{{% else %}}{b}{{% endif %}}")),
            seq,
        ]
    })
}

fn block() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        element(vec!["p", "h2", "li", "dd"], inline()),
        (ws(), inline()).prop_map(|(a, c)| format!("<pre>{a}{c}</pre>")),
        ws(),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        let seq = prop::collection::vec(inner, 0..4).prop_map(|v| v.concat());
        prop_oneof![
            element(vec!["div", "section", "ul", "dl"], seq.clone()),
            control(seq.clone()),
            seq,
        ]
    })
}

proptest! {
    // Cheap cases; the rare shapes that matter (a branch that prints nothing next to a
    // word) need thousands to turn up.
    #![proptest_config(ProptestConfig::with_cases(5000))]

    /// Whatever the template's branches and loops print, the page shows the same text
    /// with the same spaces between words as the template as written would.
    #[test]
    fn compacting_never_changes_what_a_page_shows(
        template in block(),
        flag: bool,
        items in prop::collection::vec(prop::sample::select(vec!["a", "b c", "", " "]), 0..3),
        v in prop::sample::select(vec!["", " ", "v", "w x"]),
    ) {
        let mut cx = tera::Context::new();
        cx.insert("flag", &flag);
        cx.insert("items", &items);
        cx.insert("v", &v);
        cx.insert("x", "y");
        let render = |t: &str| tera::Tera::one_off(t, &cx, false).unwrap();
        let compacted = compact(&template);
        prop_assert_eq!(
            normalized(&render(&template)),
            normalized(&render(&compacted)),
            "compacted: {}", compacted
        );
    }
}
