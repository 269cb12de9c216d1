from goldenthread.web.nav import NavItem

ITEMS = [NavItem("Emergency access", "access:breakglass_queue", "breakglass.review", order=940)]
