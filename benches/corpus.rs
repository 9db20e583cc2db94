//! A deterministic generator of realistic support replies, for benchmarks.
//!
//! Replies are stitched from a greeting, a few body sentences and a sign-off,
//! written the way agents write: contractions with straight and curly
//! apostrophes, quotes of both kinds, a dash typed as `--`, template
//! placeholders, Markdown emphasis and links, HTML line breaks and character
//! references. About one sentence in fifty is one of the
//! anti-patterns the default pack exists to find. The same seed always gives
//! the same text, so runs and machines compare like with like.

use std::fmt::Write;

/// Greetings; `{{…}}`, `[…]` and `%…%` are placeholders the engine masks.
const GREETINGS: &[&str] = &[
    "Hi {{ticket.requester.first_name}},",
    "Hello Sam,",
    "Dear [Customer Name],",
    "Hi %FIRSTNAME%,",
    "Good morning Priya,",
    "Hey Jo,",
];

/// Ordinary sentences of a helpful reply.
const SENTENCES: &[&str] = &[
    "Thanks for getting in touch about order #{{ticket.order_id}}.",
    "I’ve checked your account and the refund was issued this morning.",
    "I've checked your account and the refund was issued this morning.",
    "It’ll take three to five working days to reach your card.",
    "Your parcel left our warehouse on Tuesday and it's now with the courier.",
    "You can follow it at https://example.com/track/ABC123 at any time.",
    "I’m sorry for the wait – I know you needed it before the weekend.",
    "We're replacing the charger free of charge, and you don’t need to send the old one back.",
    "I have **upgraded your shipping** so the replacement arrives by Friday.",
    "If anything else comes up, just reply to this email and I'll pick it up.",
    "Here’s a short guide that explains the new settings: [setup guide](https://example.com/help/setup).",
    "I’ve added a note to your account so nobody asks you for this again.",
    "Our engineers found the cause and the fix goes live tonight.<br>I'll confirm once it's done.",
    "The invoice for March is attached &ndash; the total matches what you expected.",
    "You&rsquo;re right that the price changed, and I've applied the old rate to your next bill.",
    "Could you send me a photo of the label so I can open a claim with the courier?",
    "I've booked an engineer for Thursday between 9 and 12 – they’ll call 30 minutes ahead.",
    "Your subscription is paused, so you won't be charged until you restart it.",
    "I understand how frustrating it is to lose a morning to this.",
    "We haven't received the return yet, but I'll keep an eye on it for you.",
    "The discount code *SPRING15* works on everything except gift cards.",
    "I can see two payments on 3 June; I've refunded the duplicate.",
    "Let me know which of the two dates suits you better.",
    "You'll get an e-mail from help@example.com with the new password link.",
    "You mentioned the “Pro” plan, so I’ve moved you to it from today.",
    "The message \"card declined\" usually means the bank paused the payment -- a quick call to them clears it.",
];

/// Anti-patterns the default pack flags.
const HARMFUL: &[&str] = &[
    "I’m sorry, but that’s our policy.",
    "Please calm down.",
    "That’s not my fault.",
    "There's nothing I can do about it.",
    "Sorry if you feel that way.",
    "As I already told you, the form is on the website.",
    "You should have read the terms before ordering.",
    "I don't know, that's another department.",
    "Unfortunately we can't do anything else.",
    "Obviously you entered the wrong address.",
];

const SIGN_OFFS: &[&str] = &[
    "Best,\nAna",
    "Kind regards,\n{{agent.name}}",
    "Thanks,\nThe Support Team",
    "Cheers,\nMarco",
];

/// The customer's words, quoted back at the start of an answer's body.
const ANSWER_QUOTE: &str =
    "You wrote that the tracking page says \"delivered\" – I'm sorry it hasn't reached you. ";

/// The mail an answer answers, below it.
const ANSWERED: &str = "\nOn Mon, 3 Jun 2024 at 09:12, Sam Lee <sam@example.com> wrote:\n\
> My parcel says \"delivered\" but nothing came. Can you help?\n";

/// A small deterministic generator of replies.
pub struct Replies {
    rng: fastrand::Rng,
}

impl Replies {
    pub fn new(seed: u64) -> Self {
        Self {
            rng: fastrand::Rng::with_seed(seed),
        }
    }

    fn pick<'a>(&mut self, list: &[&'a str]) -> &'a str {
        list[self.rng.usize(..list.len())]
    }

    /// Appends one reply of one to three paragraphs to `out`.
    pub fn write_reply(&mut self, out: &mut String) {
        let paragraphs = self.rng.usize(1..=3);
        self.write_reply_of(out, |written| written.1 == paragraphs);
    }

    /// Appends one reply whose body grows, a paragraph at a time, until `done`
    /// says so from `(bytes of body, paragraphs)`.
    fn write_reply_of(&mut self, out: &mut String, done: impl Fn((usize, usize)) -> bool) {
        out.push_str(self.pick(GREETINGS));
        let body = out.len();
        let mut paragraphs = 0;
        while paragraphs == 0 || !done((out.len() - body, paragraphs)) {
            out.push_str("\n\n");
            for sentence in 0..self.rng.usize(2..=5) {
                if sentence > 0 {
                    out.push(' ');
                }
                let list = if self.rng.u32(..50) == 0 {
                    HARMFUL
                } else {
                    SENTENCES
                };
                out.push_str(self.pick(list));
            }
            paragraphs += 1;
        }
        out.push_str("\n\n");
        out.push_str(self.pick(SIGN_OFFS));
        out.push('\n');
    }

    /// One reply of at least `size` bytes of body.
    pub fn reply_of(&mut self, size: usize) -> String {
        let mut out = String::new();
        self.write_reply_of(&mut out, |(bytes, _)| bytes >= size);
        out
    }

    /// One reply of at least `size` bytes of body that answers an e-mail
    /// as a helpdesk's reply box holds it: the customer's words quoted back
    /// and the mail answered kept below. The masking regexes that only such
    /// replies need are compiled when one is checked.
    pub fn answer_of(&mut self, size: usize) -> String {
        let mut out = self.reply_of(size.saturating_sub(ANSWER_QUOTE.len()));
        let body = out.find("\n\n").map_or(0, |greeting| greeting + 2);
        out.insert_str(body, ANSWER_QUOTE);
        out.push_str(ANSWERED);
        out
    }

    /// One reply on its own.
    pub fn reply(&mut self) -> String {
        let mut out = String::new();
        self.write_reply(&mut out);
        out
    }

    /// Replies separated by blank lines, about `size` bytes in all (one reply
    /// at least, never more than `size` unless one reply is larger).
    pub fn text(&mut self, size: usize) -> String {
        let mut out = String::with_capacity(size + 1024);
        let mut reply = String::new();
        loop {
            reply.clear();
            self.write_reply(&mut reply);
            if !out.is_empty() && out.len() + reply.len() + 2 > size {
                return out;
            }
            if !out.is_empty() {
                out.push_str("\n\n");
            }
            out.push_str(&reply);
        }
    }

    /// The `i`th file of a folder of replies: a name and its contents, in
    /// turn plain text, Markdown and HTML.
    pub fn file(&mut self, i: usize) -> (String, String) {
        let reply = self.reply();
        match i % 3 {
            0 => (format!("reply-{i:05}.txt"), reply),
            1 => (format!("reply-{i:05}.md"), reply),
            _ => {
                let mut html = String::new();
                for paragraph in reply.split("\n\n") {
                    let _ = writeln!(html, "<p>{}</p>", paragraph.replace('\n', "<br>\n"));
                }
                (format!("reply-{i:05}.html"), html)
            }
        }
    }
}
