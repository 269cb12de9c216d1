from goldenthread.web.nav import NavItem

ITEMS = [
    NavItem("Legal worklist", "legal:worklist", "legal.view", order=320),
    NavItem("Golden Rule reviews", "legal:reviews", "legal.review", order=330),
    NavItem("Legal settings", "legal:settings", "legal.settings", order=335),
]
