from goldenthread.web.nav import NavItem

ITEMS = [NavItem("Site settings", "core:site_settings", "site.manage", order=900)]
