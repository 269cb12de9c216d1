from goldenthread.web.nav import NavItem

ITEMS = [
    NavItem("Referrals", "referrals:list", "referrals.view", 10),
    NavItem("My referrals", "referrals:list", "referrals.view_status", 10),
    NavItem("New referral", "referrals:new", "referrals.create", 11),
    NavItem("On call", "referrals:oncall", "referrals.handoff", 12),
    NavItem("Capacity queue", "referrals:queue", "referrals.queue", 13),
    NavItem("Filing queue", "referrals:filing_queue", "referrals.filing_queue", 14),
    NavItem("Eligibility policies", "referrals:policies", "referrals.policy_view", 15),
    NavItem("Referral settings", "referrals:settings", "referrals.settings", 16),
]
