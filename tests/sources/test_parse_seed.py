"""The seed page parses to exactly what a person reading it would list."""

from __future__ import annotations

from helpers import SEED

from flashcards.sources.page import read_summary

SEED_IDEAS = [
    (
        10,
        "DeepSeek proved frontier-class, open-weight reasoning can be ultra-cheap—and that’s a genuine"
        " shock to the ecosystem.",
        "DeepSeek V3 (chat) and R1 (reasoning) match or approach GPT-4-class capabilities on many"
        " benchmarks while reportedly costing only millions to train, thanks to mixture-of-experts,"
        " custom attention, and brutal low-level CUDA-bypassing optimizations. R1 is open-weight with a"
        " permissive MIT-style license, which forces U.S. labs, especially Meta and OpenAI, to rethink"
        " how closed and how expensive their offerings can remain.",
    ),
    (
        12,
        "Mixture-of-experts and custom attention (MLA) are now central levers for cost-efficient scaling.",
        "Rather than activating all parameters for every token, DeepSeek’s MoE architecture turns on a"
        " small subset of ‘experts’ per step, dramatically cutting training and inference FLOPs while"
        " keeping a huge total parameter “knowledge” budget. Their multi-head latent attention (MLA)"
        " further slashes KV-cache memory and bandwidth needs at long context, enabling dense reasoning"
        " traces at a fraction of the usual cost.",
    ),
    (
        14,
        "Reasoning models fundamentally change inference economics by exploding test-time compute.",
        "Models like OpenAI o1/o3 and DeepSeek R1 generate long chains of thought and often sample many"
        " candidate solutions per query, especially on hard tasks like ARC-AGI or complex code. This"
        " makes inference dramatically more memory- and compute-intensive than classic chat, pushing up"
        " costs and making GPU memory bandwidth and interconnect—not just raw FLOPs—the binding"
        " constraints.",
    ),
    (
        16,
        "Export controls constrain China’s *AI usage* and density more than its ability to train frontier"
        " models at all.",
        "Patel and Lambert argue that with 10k–50k+ GPUs already in-country (and access to H20-class"
        " parts, smuggling, and cloud rentals), focused Chinese teams like DeepSeek can still reach the"
        " frontier. Controls mainly limit how many GPUs can be devoted to inference at massive scale,"
        " meaning China may be able to *build* powerful models but have a harder time deploying them"
        " broadly in the economy and military.",
    ),
    (
        18,
        "TSMC remains a single point of failure for global semiconductors—and thus for AI.",
        "TSMC manufactures the majority of advanced chips used in servers, phones, cars, and AI"
        " accelerators. Its R&D base in Taiwan is irreplaceable in the near term. While the U.S. can"
        " import engineers and subsidize fabs, and Intel is trying to catch up, any serious disruption"
        " to TSMC or Hsinchu R&D would ripple through the entire tech economy, raising the stakes of"
        " Taiwan’s security.",
    ),
]

SEED_QUOTES = [
    (
        21,
        "The ‘DeepSeek moment’ is real. Five years from now, people will still remember it as a pivotal"
        " event in tech history.",
        "Lex Fridman",
        "",
    ),
    (
        23,
        "Every company that’s trying to push the frontier of AI has failed runs. You need failed runs to"
        " push the envelope on your infrastructure.",
        "Nathan Lambert",
        "",
    ),
    (
        25,
        "If you think AGI is five or ten years away, export controls probably guarantee China wins long"
        " term—*unless* AI does something transformative in the short term.",
        "Dylan Patel",
        "",
    ),
    (
        27,
        "Open weights means you can download the model to a computer in your own house that has no"
        " internet and you’re totally in control of your data.",
        "Nathan Lambert",
        "",
    ),
    (
        29,
        "Superhuman persuasion will happen before superhuman intelligence.",
        "Dylan Patel",
        "citing Sam Altman",
    ),
]


def test_seed_header():
    summary, warnings = read_summary(SEED)
    assert summary.title == "DeepSeek, China, OpenAI, NVIDIA, xAI, TSMC, Stargate, and AI Megaclusters"
    assert summary.channel == "Lex Fridman Podcast"
    assert summary.series == "Lex Fridman Podcast #459"
    assert summary.id == "lex-fridman-podcast-459-b11a9648a2"
    assert summary.overview == "DeepSeek’s Shockwave: Cheap Chinese AI, Chips, and Geopolitics Collide"
    assert len(summary.points) == 4
    assert warnings == []


def test_seed_ideas_exactly():
    summary, _ = read_summary(SEED)
    assert [(idea.line, idea.headline, idea.explanation) for idea in summary.ideas] == SEED_IDEAS


def test_seed_quotes_exactly():
    summary, _ = read_summary(SEED)
    found = [(quote.line, quote.text, quote.speaker, quote.note) for quote in summary.quotes]
    assert found == SEED_QUOTES


def test_seed_boilerplate_is_not_content():
    summary, _ = read_summary(SEED)
    everything = " ".join(
        [idea.headline + idea.explanation for idea in summary.ideas]
        + [quote.text + quote.speaker + quote.note for quote in summary.quotes]
    )
    for marketing in ("AI-generated summary", "YouTube", "Chrome", "Powered by"):
        assert marketing not in everything


def test_non_breaking_hyphens_become_plain_hyphens():
    # Anki's search does not match U+2011 when a person types "-".
    assert "\u2011" in SEED.read_text(encoding="utf-8")
    summary, _ = read_summary(SEED)
    assert all("\u2011" not in idea.headline + idea.explanation for idea in summary.ideas)
