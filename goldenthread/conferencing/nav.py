from goldenthread.web.nav import NavItem

ITEMS = [
    NavItem("OWG meetings", "conferencing:meeting_list", "conferencing.view", order=60),
    NavItem("Situations", "conferencing:situation_list", "conferencing.view", order=61),
]
