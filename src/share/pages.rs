//! The pages the public port serves: plain HTML, inline style, no resource from anywhere
//! else. Every value put in a page is HTML-escaped here; the display's script puts text in
//! with `textContent` only. The inline style and script are allowed by their hashes in the
//! Content-Security-Policy, and nothing else is.

use std::sync::LazyLock;

use html_escape::{encode_double_quoted_attribute as attr, encode_text as text};
use sha2::{Digest, Sha256};

use crate::live::{MAX_SUBMISSION_CHARS, MAX_SUBMITTER_NAME_CHARS};

const PHONE_CSS: &str = include_str!("phone.css");
const DISPLAY_CSS: &str = include_str!("display.css");
const DISPLAY_JS: &str = include_str!("display.js");

/// `'sha256-…'` of an inline style or script, as a Content-Security-Policy names it.
fn hash_source(content: &str) -> String {
    format!("'sha256-{}'", data_encoding::BASE64.encode(&Sha256::digest(content.as_bytes())))
}

/// The Content-Security-Policy of every response: this origin only, the pages' own inline
/// style and script by their hashes, forms sent only here, no framing.
pub static CONTENT_SECURITY_POLICY: LazyLock<String> = LazyLock::new(|| {
    format!(
        "default-src 'self'; style-src {} {}; script-src {}; img-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; object-src 'none'; frame-ancestors 'none'",
        hash_source(PHONE_CSS),
        hash_source(DISPLAY_CSS),
        hash_source(DISPLAY_JS)
    )
});

/// The start of a page: language, viewport for a phone, title, inline style.
fn head(title: &str, css: &str) -> String {
    format!(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"referrer\" content=\"no-referrer\">\n<title>{}</title>\n<style>{css}</style>\n</head>\n",
        text(title)
    )
}

/// The question form as a phone shows it.
pub struct Form<'a> {
    /// The event's title.
    pub title: &'a str,
    /// The event's form token.
    pub token: &'a str,
    /// This form's nonce: the same form sent twice is stored once.
    pub nonce: &'a str,
    /// What was typed, kept when the form comes back with an error.
    pub text: &'a str,
    pub name: &'a str,
    /// Offer the optional name field.
    pub names: bool,
    /// What went wrong with the last sending, if anything.
    pub error: Option<&'a str>,
}

/// The phone page: the event's title, the question form and what happens to a question.
pub fn phone(form: &Form<'_>) -> String {
    let mut page = head(&format!("Ask a question · {}", form.title), PHONE_CSS);
    page.push_str("<body>\n<main>\n");
    page.push_str(&format!("<h1>{}</h1>\n<h2>Ask a question</h2>\n", text(form.title)));
    let described = match form.error {
        Some(error) => {
            page.push_str(&format!(
                "<p class=\"error\" id=\"error\" role=\"alert\">{}</p>\n",
                text(error)
            ));
            "hint error"
        }
        None => "hint",
    };
    page.push_str(&format!(
        "<form method=\"post\" action=\"/ask\" accept-charset=\"utf-8\">\n\
         <input type=\"hidden\" name=\"token\" value=\"{}\">\n\
         <input type=\"hidden\" name=\"nonce\" value=\"{}\">\n\
         <label for=\"text\">Your question</label>\n\
         <textarea id=\"text\" name=\"text\" rows=\"6\" maxlength=\"{MAX_SUBMISSION_CHARS}\" required aria-describedby=\"{described}\">\n{}</textarea>\n\
         <p class=\"hint\" id=\"hint\">Up to {MAX_SUBMISSION_CHARS} characters.</p>\n",
        attr(form.token),
        attr(form.nonce),
        text(form.text),
    ));
    if form.names {
        page.push_str(&format!(
            "<label for=\"name\">Your name (optional)</label>\n\
             <input type=\"text\" id=\"name\" name=\"name\" maxlength=\"{MAX_SUBMITTER_NAME_CHARS}\" autocomplete=\"name\" value=\"{}\" aria-describedby=\"name-hint\">\n\
             <p class=\"hint\" id=\"name-hint\">Only the organisers see it; leave it empty to ask anonymously.</p>\n",
            attr(form.name),
        ));
    }
    page.push_str("<button type=\"submit\">Send question</button>\n</form>\n");
    let anonymous = if form.names {
        "Without a name, nobody knows who sent it."
    } else {
        "Questions are anonymous: nobody sees who sent them."
    };
    page.push_str(&format!(
        "<p class=\"about\">A moderator reads every question before anything is shown in the room. {anonymous}</p>\n</main>\n</body>\n</html>\n"
    ));
    page
}

/// After a question was stored: what happens next, and a way to ask another.
pub fn thanks(title: &str) -> String {
    let mut page = head(&format!("Question received · {title}"), PHONE_CSS);
    page.push_str(&format!(
        "<body>\n<main>\n<h1>{}</h1>\n<h2>Thank you: your question was received</h2>\n\
         <p>A moderator reads it first. Questions that are taken up are answered in the room, or in writing in the minutes of the event.</p>\n\
         <a class=\"big-link\" href=\"/\">Ask another question</a>\n</main>\n</body>\n</html>\n",
        text(title)
    ));
    page
}

/// Anything the public port does not serve.
pub fn not_found() -> String {
    let mut page = head("Not found", PHONE_CSS);
    page.push_str(
        "<body>\n<main>\n<h1>Not found</h1>\n<p>There is nothing here.</p>\n<a class=\"big-link\" href=\"/\">Ask a question</a>\n</main>\n</body>\n</html>\n",
    );
    page
}

/// The room display: what `convene display` shows, fed by the display stream; the QR code
/// and the address of the phone page in a corner.
pub fn display(title: &str, qr_svg: &str, phone_url: &str) -> String {
    let mut page = head(title, DISPLAY_CSS);
    page.push_str(&format!(
        "<body class=\"state-before\">\n\
         <div id=\"screen\">\n\
         <div id=\"top\" hidden></div>\n\
         <div id=\"main\">\n\
         <div id=\"headline\">{}</div>\n\
         <div id=\"subline\" hidden></div>\n\
         <div id=\"digits\" hidden></div>\n\
         <div id=\"phase\" hidden></div>\n\
         <div id=\"speaker\" hidden></div>\n\
         </div>\n\
         <div id=\"message\" hidden></div>\n\
         <div id=\"pinned\" hidden><span class=\"label\">Question</span><span id=\"pinned-text\"></span></div>\n\
         <footer><span id=\"next\"></span><span id=\"clock\"></span></footer>\n\
         </div>\n\
         <aside id=\"ask\">{qr_svg}<div>Ask a question</div><div id=\"url\">{}</div></aside>\n\
         <div id=\"offline\" hidden>reconnecting…</div>\n\
         <script>{DISPLAY_JS}</script>\n\
         </body>\n</html>\n",
        text(title),
        text(phone_url),
    ));
    page
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form<'a>(text: &'a str, error: Option<&'a str>) -> Form<'a> {
        Form {
            title: "Porsgrunn <Citizen> Lab",
            token: "t\"ok",
            nonce: "n1",
            text,
            name: "",
            names: false,
            error,
        }
    }

    #[test]
    fn every_value_in_the_phone_page_is_escaped() {
        let page = phone(&form("<script>alert(1)</script>", Some("Too <long>")));
        assert!(page.contains("<h1>Porsgrunn &lt;Citizen&gt; Lab</h1>"), "{page}");
        assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;</textarea>"), "{page}");
        assert!(page.contains("value=\"t&quot;ok\""), "{page}");
        assert!(page.contains("role=\"alert\">Too &lt;long&gt;</p>"), "{page}");
        assert!(page.contains("aria-describedby=\"hint error\""), "{page}");
        assert!(!page.contains("<script>"));
        assert!(!page.contains("name=\"name\""), "no name field unless the agenda asks");
        let named = phone(&Form { names: true, name: "Kari \"K\"", ..form("", None) });
        assert!(named.contains("value=\"Kari &quot;K&quot;\""), "{named}");
        assert!(named.contains("aria-describedby=\"hint\""), "{named}");
    }

    #[test]
    fn the_policy_allows_exactly_the_inline_style_and_script_served() {
        let policy = CONTENT_SECURITY_POLICY.as_str();
        let page = display("Lab", "<svg></svg>", "http://192.168.1.20:8080/");
        let script = page.split("<script>").nth(1).and_then(|s| s.split("</script>").next());
        assert_eq!(script, Some(DISPLAY_JS));
        assert!(policy.contains(&hash_source(DISPLAY_JS)));
        let style = page.split("<style>").nth(1).and_then(|s| s.split("</style>").next());
        assert!(policy.contains(&hash_source(style.unwrap_or_default())));
        assert!(policy.starts_with("default-src 'self';"));
        assert!(!policy.contains("unsafe-inline"));
    }
}
