from goldenthread.web.nav import NavItem

ITEMS = [
    NavItem("My caseload", "casework:caseload", "casework.caseload", order=20),
    NavItem("Flex funds", "casework:flex", "casework.flex.view", order=30),
    NavItem("Flex-fund ledger", "casework:ledger", "casework.flex.ledger", order=31),
    NavItem("Team", "casework:team", "casework.team", order=35),
    NavItem("Advocate worklist", "casework:advocate", "casework.advocate.worklist", order=40),
]
