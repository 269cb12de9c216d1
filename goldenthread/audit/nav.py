from goldenthread.web.nav import NavItem

ITEMS = [NavItem("Audit trail", "audit:log", "audit.view", order=950)]
