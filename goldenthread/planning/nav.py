from goldenthread.web.nav import NavItem

ITEMS = [
    NavItem("Capacity", "planning:dashboard", "planning.capacity.view", order=600),
    NavItem("PCG report", "planning:report", "planning.report.view", order=610),
    NavItem("Community view", "planning:community", "planning.report.view", order=620),
]
