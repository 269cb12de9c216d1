from goldenthread.web.nav import NavItem

ITEMS = [
    NavItem("Governance", "governance:index", "governance.member", 60),
    NavItem("Governance health", "governance:health", "governance.manage", 61),
    NavItem("Policies", "governance:policies", "governance.public", 62),
    NavItem("MOU", "governance:mou", "governance.public", 63),
]
