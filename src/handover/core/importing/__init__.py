"""`handover import`: a team's book from a CRM export, an Excel sheet or a phone's vCards."""
