//! The regular expressions of libphonenumber's metadata, matched against digit strings
//! with JavaScript's semantics (ordered alternation, greedy quantifiers, capture groups
//! numbered by their opening bracket), so that a match here is the match
//! libphonenumber-js finds.
//!
//! The metadata uses a small part of the syntax: digits, `\d`, classes such as `[2-57-9]`,
//! groups `( )` and `(?: )`, `|`, `?`, `{n}`, `{n,m}` and `$`. `*` and `+` are read too.
//! Anything else is a `SyntaxError`; a test compiles every pattern of the table.
//!
//! A pattern compiles to a few instructions run by a backtracking machine with an
//! explicit stack (no recursion over the input) and a step budget, so no pattern and no
//! input can run away. The texts are phone digits: at most a few dozen characters.

/// A pattern this module cannot read.
#[derive(Debug, PartialEq, Eq)]
pub struct SyntaxError;

#[derive(Clone, Copy, Debug)]
enum Inst {
    /// One digit whose bit is set (bit d for digit d).
    Digit(u16),
    /// Try the first target, then the second.
    Split(usize, usize),
    Jump(usize),
    /// Record the position in capture slot n.
    Save(usize),
    /// Only at the end of the text.
    End,
    Match,
}

/// A compiled pattern.
#[derive(Debug)]
pub struct Pattern {
    prog: Vec<Inst>,
    /// Capture groups, not counting the whole match.
    groups: usize,
}

/// Where a match ended and what each group captured (`None`: did not take part).
#[derive(Debug, PartialEq, Eq)]
pub struct Captures {
    pub end: usize,
    pub groups: Vec<Option<(usize, usize)>>,
}

/// Steps the machine may take for one match; the metadata's patterns on a phone's digits
/// need a few thousand at most.
const STEP_BUDGET: u32 = 200_000;
/// Deepest group nesting read (the metadata nests about six deep).
const MAX_DEPTH: usize = 32;
/// Most instructions one pattern may compile to.
const MAX_PROGRAM: usize = 64 * 1024;

impl Pattern {
    pub fn compile(source: &str) -> Result<Pattern, SyntaxError> {
        let mut p = Parser { src: source.as_bytes(), at: 0, groups: 0 };
        let tree = p.alternation(0)?;
        if p.at != p.src.len() {
            return Err(SyntaxError);
        }
        let mut c = Compiler { prog: Vec::new() };
        c.node(&tree)?;
        c.emit(Inst::Match)?;
        Ok(Pattern { prog: c.prog, groups: p.groups })
    }

    /// The number of capture groups.
    pub fn groups(&self) -> usize {
        self.groups
    }

    /// JavaScript's `new RegExp("^(?:" + p + ")").exec(text)`: the match at the start.
    pub fn match_prefix(&self, text: &str) -> Option<Captures> {
        self.run(text.as_bytes(), false)
    }

    /// JavaScript's `new RegExp("^(?:" + p + ")$").test(text)`.
    pub fn matches_entirely(&self, text: &str) -> bool {
        self.run(text.as_bytes(), true).is_some()
    }

    fn run(&self, text: &[u8], whole: bool) -> Option<Captures> {
        enum Frame {
            Try(usize, usize),
            Restore(usize, Option<usize>),
        }
        let mut slots: Vec<Option<usize>> = vec![None; self.groups * 2];
        let mut stack = vec![Frame::Try(0, 0)];
        let mut budget = STEP_BUDGET;
        while let Some(frame) = stack.pop() {
            let (mut pc, mut pos) = match frame {
                Frame::Try(pc, pos) => (pc, pos),
                Frame::Restore(slot, old) => {
                    if let Some(s) = slots.get_mut(slot) {
                        *s = old;
                    }
                    continue;
                }
            };
            loop {
                budget = budget.checked_sub(1)?;
                match self.prog.get(pc) {
                    Some(Inst::Digit(set)) => {
                        let hit = text.get(pos).filter(|b| b.is_ascii_digit()).is_some_and(|b| set & (1 << (b - b'0')) != 0);
                        if !hit {
                            break;
                        }
                        pc += 1;
                        pos += 1;
                    }
                    Some(Inst::Split(first, second)) => {
                        stack.push(Frame::Try(*second, pos));
                        pc = *first;
                    }
                    Some(Inst::Jump(to)) => pc = *to,
                    Some(Inst::Save(slot)) => {
                        let old = slots.get(*slot).copied().flatten();
                        stack.push(Frame::Restore(*slot, old));
                        if let Some(s) = slots.get_mut(*slot) {
                            *s = Some(pos);
                        }
                        pc += 1;
                    }
                    Some(Inst::End) => {
                        if pos != text.len() {
                            break;
                        }
                        pc += 1;
                    }
                    Some(Inst::Match) => {
                        if whole && pos != text.len() {
                            break;
                        }
                        let groups = slots
                            .chunks(2)
                            .map(|pair| match pair {
                                [Some(a), Some(b)] if a <= b => Some((*a, *b)),
                                _ => None,
                            })
                            .collect();
                        return Some(Captures { end: pos, groups });
                    }
                    None => break,
                }
            }
        }
        None
    }
}

/// A parsed pattern.
enum Node {
    Digit(u16),
    End,
    /// A group; `Some(n)` captures into group n (1-based).
    Group(Option<usize>, Box<Node>),
    Alt(Vec<Node>),
    Seq(Vec<Node>),
    Repeat(Box<Node>, u32, Option<u32>),
}

struct Parser<'a> {
    src: &'a [u8],
    at: usize,
    groups: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.src.get(self.at).copied()
    }

    /// `a|b|c`.
    fn alternation(&mut self, depth: usize) -> Result<Node, SyntaxError> {
        if depth > MAX_DEPTH {
            return Err(SyntaxError);
        }
        let mut branches = vec![self.sequence(depth)?];
        while self.peek() == Some(b'|') {
            self.at += 1;
            branches.push(self.sequence(depth)?);
        }
        Ok(if branches.len() == 1 { branches.pop().unwrap_or(Node::Seq(Vec::new())) } else { Node::Alt(branches) })
    }

    fn sequence(&mut self, depth: usize) -> Result<Node, SyntaxError> {
        let mut items = Vec::new();
        while let Some(b) = self.peek() {
            if b == b'|' || b == b')' {
                break;
            }
            let atom = self.atom(depth)?;
            items.push(self.quantifier(atom)?);
        }
        Ok(Node::Seq(items))
    }

    fn atom(&mut self, depth: usize) -> Result<Node, SyntaxError> {
        let Some(b) = self.peek() else { return Err(SyntaxError) };
        self.at += 1;
        match b {
            b'0'..=b'9' => Ok(Node::Digit(1 << (b - b'0'))),
            b'\\' if self.peek() == Some(b'd') => {
                self.at += 1;
                Ok(Node::Digit(0x3ff))
            }
            b'[' => Ok(Node::Digit(self.class()?)),
            b'$' => Ok(Node::End),
            b'(' => {
                let capture = if self.src.get(self.at..self.at + 2) == Some(b"?:") {
                    self.at += 2;
                    None
                } else {
                    self.groups += 1;
                    Some(self.groups)
                };
                let inner = self.alternation(depth + 1)?;
                if self.peek() != Some(b')') {
                    return Err(SyntaxError);
                }
                self.at += 1;
                Ok(Node::Group(capture, Box::new(inner)))
            }
            _ => Err(SyntaxError),
        }
    }

    /// `[…]` after its `[`: digits, ranges and `\d`; no negation.
    fn class(&mut self) -> Result<u16, SyntaxError> {
        let mut set = 0u16;
        loop {
            let b = self.peek().ok_or(SyntaxError)?;
            self.at += 1;
            match b {
                b']' if set != 0 => return Ok(set),
                b'\\' if self.peek() == Some(b'd') => {
                    self.at += 1;
                    set |= 0x3ff;
                }
                b'0'..=b'9' => {
                    let from = b - b'0';
                    let mut to = from;
                    if self.peek() == Some(b'-') {
                        if let Some(t @ b'0'..=b'9') = self.src.get(self.at + 1).copied() {
                            to = t - b'0';
                            self.at += 2;
                        }
                    }
                    if to < from {
                        return Err(SyntaxError);
                    }
                    for d in from..=to {
                        set |= 1 << d;
                    }
                }
                _ => return Err(SyntaxError),
            }
        }
    }

    /// `?`, `*`, `+`, `{n}`, `{n,}`, `{n,m}` after an atom.
    fn quantifier(&mut self, atom: Node) -> Result<Node, SyntaxError> {
        let (min, max) = match self.peek() {
            Some(b'?') => (0, Some(1)),
            Some(b'*') => (0, None),
            Some(b'+') => (1, None),
            Some(b'{') => {
                self.at += 1;
                let min = self.number()?;
                let max = if self.peek() == Some(b',') {
                    self.at += 1;
                    if self.peek() == Some(b'}') {
                        None
                    } else {
                        Some(self.number()?)
                    }
                } else {
                    Some(min)
                };
                if self.peek() != Some(b'}') || max.is_some_and(|m| m < min) {
                    return Err(SyntaxError);
                }
                (min, max)
            }
            _ => return Ok(atom),
        };
        self.at += 1;
        Ok(Node::Repeat(Box::new(atom), min, max))
    }

    fn number(&mut self) -> Result<u32, SyntaxError> {
        let start = self.at;
        let mut n: u32 = 0;
        while let Some(b @ b'0'..=b'9') = self.peek() {
            n = n.checked_mul(10).and_then(|n| n.checked_add(u32::from(b - b'0'))).ok_or(SyntaxError)?;
            self.at += 1;
        }
        // Counted repeats beyond a few dozen never occur in phone patterns.
        if self.at == start || n > 64 {
            return Err(SyntaxError);
        }
        Ok(n)
    }
}

/// Lays a parsed pattern down as instructions.
struct Compiler {
    prog: Vec<Inst>,
}

impl Compiler {
    fn emit(&mut self, inst: Inst) -> Result<usize, SyntaxError> {
        if self.prog.len() >= MAX_PROGRAM {
            return Err(SyntaxError);
        }
        self.prog.push(inst);
        Ok(self.prog.len() - 1)
    }

    fn patch(&mut self, at: usize, inst: Inst) {
        if let Some(slot) = self.prog.get_mut(at) {
            *slot = inst;
        }
    }

    fn node(&mut self, node: &Node) -> Result<(), SyntaxError> {
        match node {
            Node::Digit(set) => {
                self.emit(Inst::Digit(*set))?;
            }
            Node::End => {
                self.emit(Inst::End)?;
            }
            Node::Group(capture, inner) => {
                if let Some(n) = capture {
                    self.emit(Inst::Save(n * 2 - 2))?;
                }
                self.node(inner)?;
                if let Some(n) = capture {
                    self.emit(Inst::Save(n * 2 - 1))?;
                }
            }
            Node::Seq(items) => {
                for item in items {
                    self.node(item)?;
                }
            }
            Node::Alt(branches) => {
                // Split(this, next) before every branch but the last; each branch but the
                // last jumps to the end.
                let mut jumps = Vec::new();
                let last = branches.len().saturating_sub(1);
                for (i, branch) in branches.iter().enumerate() {
                    if i < last {
                        let split = self.emit(Inst::Split(0, 0))?;
                        self.node(branch)?;
                        jumps.push(self.emit(Inst::Jump(0))?);
                        let next = self.prog.len();
                        self.patch(split, Inst::Split(split + 1, next));
                    } else {
                        self.node(branch)?;
                    }
                }
                let end = self.prog.len();
                for j in jumps {
                    self.patch(j, Inst::Jump(end));
                }
            }
            Node::Repeat(inner, min, max) => {
                for _ in 0..*min {
                    self.node(inner)?;
                }
                match max {
                    // x{0,k} as (x(x(x)?)?)?: greedy, each Split tries one more copy first
                    // and gives up to the end.
                    Some(max) => {
                        let mut splits = Vec::new();
                        for _ in *min..*max {
                            splits.push(self.emit(Inst::Split(0, 0))?);
                            self.node(inner)?;
                        }
                        let end = self.prog.len();
                        for s in splits {
                            self.patch(s, Inst::Split(s + 1, end));
                        }
                    }
                    // x* as a loop: L: Split(body, out); body; Jump(L).
                    None => {
                        let split = self.emit(Inst::Split(0, 0))?;
                        self.node(inner)?;
                        self.emit(Inst::Jump(split))?;
                        let end = self.prog.len();
                        self.patch(split, Inst::Split(split + 1, end));
                    }
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn full(p: &str, t: &str) -> bool {
        Pattern::compile(p).unwrap().matches_entirely(t)
    }

    fn prefix(p: &str, t: &str) -> Option<(usize, Vec<Option<String>>)> {
        Pattern::compile(p).unwrap().match_prefix(t).map(|c| {
            let groups = c.groups.iter().map(|g| g.map(|(a, b)| t[a..b].to_owned())).collect();
            (c.end, groups)
        })
    }

    #[test]
    fn basic_syntax() {
        assert!(full("[2-9]\\d{9}|3\\d{6}", "4155550100"));
        assert!(full("[2-9]\\d{9}|3\\d{6}", "3123456"));
        assert!(!full("[2-9]\\d{9}|3\\d{6}", "1999999999"));
        assert!(full("(?:11|[89]\\d\\d)\\d{8}|[2368]\\d{9}", "1123456789"));
        assert!(full("\\d{7,9}", "12345678"));
        assert!(!full("\\d{7,9}", "1234567890"));
        assert!(full("1?2", "2") && full("1?2", "12") && !full("1?2", "112"));
        assert!(full("[13-5]", "4") && !full("[13-5]", "2"));
        assert!(full("", ""));
        assert!(full("1*", "111") && full("1+2", "112") && !full("1+2", "2"));
        assert!(full("(?:1|2)(?:3|45|6)", "245"));
    }

    #[test]
    fn javascript_priority_and_captures() {
        // Greedy: the longer alternative first.
        assert_eq!(prefix("0?(1\\d?)", "0123"), Some((3, vec![Some("12".into())])));
        // Ordered alternation: the first branch wins even when a later one is longer.
        assert_eq!(prefix("1|12", "123"), Some((1, vec![])));
        // A group that did not take part is None (JavaScript's undefined).
        assert_eq!(prefix("(1)|(2)", "2"), Some((1, vec![None, Some("2".into())])));
        // Brazil's national prefix for parsing.
        let br = "(?:0|90)(?:(1[245]|2[1-35]|31|4[13]|[56]5|99)(\\d{10,11}))?";
        assert_eq!(prefix(br, "0211199999999"), Some((13, vec![Some("21".into()), Some("1199999999".into())])));
        assert_eq!(prefix(br, "011999999999"), Some((1, vec![None, None])));
        // `$` anchors to the end (Antigua: seven digits alone get the area code).
        assert_eq!(prefix("([457]\\d{6})$|1", "4601234"), Some((7, vec![Some("4601234".into())])));
        assert_eq!(prefix("([457]\\d{6})$|1", "12684601234"), Some((1, vec![None])));
        // Backtracking restores a capture taken on a failed path.
        assert_eq!(prefix("(?:(1)2|13)", "13"), Some((2, vec![None])));
    }

    #[test]
    fn refuses_what_it_cannot_read() {
        for bad in ["(", ")", "[", "[]", "[a]", "\\w", "a", "1{2", "1{3,2}", "(?=1)", "1{999}", "[5-2]"] {
            assert!(Pattern::compile(bad).is_err(), "{bad:?}");
        }
        let deep = "(".repeat(40) + &")".repeat(40);
        assert!(Pattern::compile(&deep).is_err());
    }

    #[test]
    fn runaway_patterns_stop() {
        // Exponential backtracking on a non-match: the budget ends it with "no match".
        let p = Pattern::compile("(?:\\d?){30}\\d{30}").unwrap();
        assert!(!p.matches_entirely("11111111111111111111111111111"));
    }
}
