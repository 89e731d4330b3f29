"""The default card's texts that creators see (card name, sources, notes, conditions), marked
for the catalogue.

The card stores them in English, as the migrations created them; the pages show them in the
reader's language through ``estimator.presentation.card_text``. A text an admin types shows as
typed. When a migration adds or changes a default text, add it here (and its translation).
"""

from django.utils.translation import gettext_noop

DEFAULT_CARD_TEXTS = (
    gettext_noop("Default rate card (checked 2026-11-21)"),
    gettext_noop(
        "https://support.tiktok.com/en/business-and-creator/creator-rewards-program/creat"
        "or-rewards-program ; https://thedigitaldept.com/tiktok-creator-rewards-program/ "
        "; https://thespacelab.tv/Content/2025/04-April/TikTok-001.html"
    ),
    gettext_noop(
        "Source articles (Clapico: 0,40–1,20 € per 1 000 eligible views; «environ 1 €») ;"
        " https://napolify.com/blogs/news/creator-rewards-rpm ; "
        "https://shortgenius.com/ca/blog/combien-tiktok-paye"
    ),
    gettext_noop("Source article FAQ: 500 000 views → «entre 250 € et 500 €» (50–100 % qualified)"),
    gettext_noop(
        "Official list: US, UK, DE, JP, KR, FR, BR ; "
        "https://flowcree.com/fr/blog/tiktok-creator-rewards-program-rpm-2026 ; https://c"
        "anadatabloid.ca/news/can-you-get-paid-for-posting-on-tiktok-not-in-canada/"
    ),
    gettext_noop(
        "https://europesays.com/fr/43384 (TikTok Shop France since 2025-03-31, 1 500 followers)"
    ),
    gettext_noop(
        "https://belganewsagency.eu (TikTok Shop Belgium, 2026-06-15); follower threshold"
        " not published: France's assumed"
    ),
    gettext_noop("https://hubfluence.io/blog/tiktok-canada-court-ruling-2026 (no TikTok Shop)"),
    gettext_noop(
        "https://calculatecreator.com/calculators/coins-gifts-diamonds ; "
        "https://streampace.io/glossary/gift (200 diamonds = 1 USD)"
    ),
    gettext_noop(
        "https://tubefilter.com (2025-10-29, subscription payouts) ; https://findarticles"
        ".com/tiktok-increases-creator-subscription-payouts-to-90-percent/"
    ),
    gettext_noop(
        "https://thankyouanalytics.com/fr/blog/tiktok-affiliate-guide-complet/ (sellers "
        "set 1–80 %, TikTok recommends 10–30 %)"
    ),
    gettext_noop("Typical affiliate programmes (5–20 %)"),
    gettext_noop(
        "https://support.tiktok.com/sl/business-and-creator/tiktok-creator-marketplace/wh"
        "at-is-tiktok-creator-marketplace"
    ),
    gettext_noop(
        "https://kolens.ai/answers/what-is-a-good-tiktok-cpm ($10–20, ~$15 median) ; "
        "https://sponsorrate-com.pages.dev/methodology ; "
        "https://socialrails.com/free-tools/tiktok-sponsored-post-rate-calculator"
    ),
    gettext_noop("Follower-based rule of thumb ; https://sponsorrate-com.pages.dev/methodology"),
    gettext_noop(
        "https://sponsorrate-com.pages.dev/methodology ; "
        "https://socialrails.com/free-tools/tiktok-sponsored-post-rate-calculator "
        "(finance, tech, education ×1.3–2.0; beauty, fashion ×1.1–1.3)"
    ),
    gettext_noop(
        "https://hypeauditor.com/free-tools/tiktok-engagement-calculator ; "
        "https://sponsorrate-com.pages.dev/methodology"
    ),
    gettext_noop("https://createurugc.com (150–300 € beginner, 300–800 € experienced)"),
    gettext_noop("Source articles (Clapico, Shortgenius): 1 000 followers, 18+"),
    gettext_noop("Approximate exchange rates, dated; keep them current in the admin"),
    gettext_noop("Creator Rewards and TikTok Shop (since 2025-03-31) run in France."),
    gettext_noop(
        "Belgium is in no Creator Rewards list we found (the source articles say it is: "
        "we follow the more specific sources). TikTok Shop since 2026-06-15."
    ),
    gettext_noop("Canada is excluded from Creator Rewards (CBC report); no TikTok Shop."),
    gettext_noop("Original videos longer than 1 minute; account in good standing."),
    gettext_noop("LIVE access required."),
    gettext_noop("Creator Marketplace only: direct deals need no threshold."),
)
