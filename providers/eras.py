"""
The two eras the site covers, and which kinds of provider belong to each.

Community Rehabilitation Companies and National Probation Service divisions were
inspected in 2018-20; the CRCs' contracts ended when probation was reunified on
26 June 2021. Since then the Probation Service of 12 regions, each made of
Probation Delivery Units (PDUs), has been inspected (from January 2022), with a
national inspection in April 2025.
"""

import datetime

from django.db import models

# "responsibility for the provision of probation services will move to a new unified National Probation
# Service (NPS) from 26 June 2021" (HMI Probation, consultation on the future of adult inspections, part two).
REUNIFIED_ON = datetime.date(2021, 6, 26)
REUNIFICATION_SOURCE = "https://hmiprobation.justiceinspectorates.gov.uk/consultation/consultation-on-the-future-of-adult-inspections-part-two"


class ProviderType(models.TextChoices):
    CRC = "crc", "Community Rehabilitation Company"
    NPS = "nps", "National Probation Service division"
    PDU = "pdu", "Probation Delivery Unit"
    REGION = "region", "Probation Service region"
    NATIONAL = "national", "The Probation Service, England and Wales"

    @property
    def short_label(self):
        return {"crc": "CRC", "nps": "NPS division", "pdu": "PDU", "region": "Region", "national": "National"}[
            self.value
        ]


class Era(models.TextChoices):
    CRC_NPS = "crc-nps", "CRCs and NPS divisions, 2018–20"
    PROBATION_SERVICE = "probation-service", "The Probation Service, since 2022"

    @property
    def provider_types(self):
        return TYPES_OF_ERA[self.value]

    @property
    def short_label(self):
        return {"crc-nps": "2018–20: CRCs and NPS", "probation-service": "Since 2022: Probation Service"}[self.value]


TYPES_OF_ERA = {
    Era.CRC_NPS.value: (ProviderType.CRC.value, ProviderType.NPS.value),
    Era.PROBATION_SERVICE.value: (ProviderType.PDU.value, ProviderType.REGION.value, ProviderType.NATIONAL.value),
}
ERA_OF_TYPE = {provider_type: era for era, types in TYPES_OF_ERA.items() for provider_type in types}
