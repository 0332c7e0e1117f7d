"""Areas of work, their skill stacks, roles and activity phrases (the generator's vocabulary)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final


@dataclass(frozen=True, slots=True)
class Area:
    """One area of work: its printed label, share, roles and skill stacks."""

    key: str
    label: str
    weight: float
    roles: tuple[str, ...]
    # A stack is a coherent skill family; candidates and vagas of one stack overlap most.
    stacks: dict[str, tuple[str, ...]]
    common: tuple[str, ...]
    activities: tuple[str, ...]
    is_it: bool = True


GENERIC_ACTIVITIES: Final[tuple[str, ...]] = (
    "participação em reuniões com clientes e usuários para levantamento de requisitos",
    "elaboração de documentação técnica e funcional das entregas",
    "apoio a outras equipes, repasse de conhecimento e treinamento de usuários",
    "atuação em squads multidisciplinares com metodologia ágil",
    "acompanhamento de indicadores e reporte periódico para a gestão",
    "interface com fornecedores e áreas de negócio para priorização de demandas",
    "participação em projetos de melhoria contínua e padronização de processos",
    "atendimento às demandas do cliente dentro dos prazos e níveis de serviço acordados",
)

AREAS: Final[tuple[Area, ...]] = (
    Area(
        key="dev",
        label="TI - Desenvolvimento/Programação-",
        weight=0.30,
        roles=("Desenvolvedor", "Analista Desenvolvedor", "Analista de Sistemas", "Programador"),
        stacks={
            "java": ("Java", "Spring Boot", "Hibernate", "JPA", "Maven", "JUnit", "Kafka"),
            "dotnet": (".NET", "C#", "ASP.NET MVC", ".NET Core", "Entity Framework", "LINQ"),
            "python": ("Python", "Django", "Flask", "FastAPI", "Pandas", "Celery"),
            "frontend": ("JavaScript", "TypeScript", "React", "Angular", "Vue.js", "HTML", "CSS"),
            "mobile": ("Android", "Kotlin", "Swift", "iOS", "Flutter", "React Native"),
            "legado": ("COBOL", "CICS", "JCL", "DB2", "Mainframe", "Natural", "Delphi"),
            "php": ("PHP", "Laravel", "MySQL", "WordPress", "Symfony"),
        },
        common=(
            "Git",
            "SQL",
            "REST",
            "Docker",
            "Microsserviços",
            "Scrum",
            "Jenkins",
            "Azure DevOps",
        ),
        activities=(
            "desenvolvimento de novas funcionalidades utilizando {s1} e {s2}",
            "manutenção corretiva e evolutiva de sistemas com {s1}",
            "desenvolvimento de serviços e integrações com {s1}, seguindo boas práticas",
            "code review e definição de padrões de desenvolvimento com {s2}",
            "apoio na arquitetura da solução e na escolha de tecnologias como {s2}",
            "modernização de aplicações legadas com uso de {s1}",
            "correção de bugs e melhoria de performance em aplicações {s1}",
        ),
    ),
    Area(
        key="sap",
        label="TI - SAP-",
        weight=0.18,
        roles=("Consultor SAP", "Analista SAP", "Desenvolvedor ABAP", "Arquiteto SAP"),
        stacks={
            "abap": ("SAP ABAP", "ABAP OO", "SAP Smartforms", "BAPI", "SAP Fiori", "SAPUI5"),
            "fico": ("SAP FI", "SAP CO", "SAP S/4HANA Finance", "SAP TRM", "SAP PS"),
            "logistica": ("SAP MM", "SAP SD", "SAP WM", "SAP PP", "SAP EWM", "SAP QM"),
            "basis": ("SAP Basis", "SAP HANA", "SAP Solution Manager", "SAP PI/PO", "SAP GRC"),
            "hcm": ("SAP HCM", "SAP SuccessFactors", "SAP Payroll", "eSocial"),
            "bw": ("SAP BW", "SAP BO", "SAP Analytics Cloud", "SAP BW/4HANA", "SAP HANA"),
        },
        common=("SAP S/4HANA", "SAP ECC", "SAP Solution Manager", "SAP Activate", "SAP Fiori"),
        activities=(
            "implantação e roll-out de {s1} em projetos full cycle",
            "levantamento de requisitos e parametrização de {s1}",
            "sustentação AMS dos módulos {s1} e {s2}",
            "elaboração de especificações funcionais e técnicas envolvendo {s2}",
            "atuação na migração de ECC para SAP S/4HANA com foco em {s1}",
            "testes integrados, cutover e suporte pós go-live em {s1}",
        ),
    ),
    Area(
        key="infra",
        label="TI - Infraestrutura-",
        weight=0.10,
        roles=("Analista de Infraestrutura", "Engenheiro DevOps", "Analista de Redes", "SRE"),
        stacks={
            "cloud": ("AWS", "Azure", "GCP", "Terraform", "Kubernetes", "CloudFormation"),
            "servidores": ("Windows Server", "Active Directory", "VMware", "Hyper-V", "Citrix"),
            "linux": ("Linux", "Red Hat", "Shell Script", "Ansible", "Nginx", "Apache"),
            "redes": ("Cisco", "Redes LAN/WAN", "Firewall", "Fortinet", "VPN", "TCP/IP"),
        },
        common=("ITIL", "Zabbix", "Monitoramento", "Backup", "Docker", "CI/CD"),
        activities=(
            "administração e sustentação de ambientes com {s1} e {s2}",
            "automação de tarefas de infraestrutura com {s2}",
            "monitoramento, troubleshooting e tratamento de incidentes em {s1}",
            "implantação de novos ambientes e projetos de migração para {s1}",
            "documentação de topologia e procedimentos operacionais de {s2}",
        ),
    ),
    Area(
        key="dados",
        label="TI - Banco de Dados-",
        weight=0.10,
        roles=("DBA", "Engenheiro de Dados", "Analista de BI", "Cientista de Dados"),
        stacks={
            "dba": ("SQL Server", "Oracle", "PL/SQL", "T-SQL", "PostgreSQL", "MySQL", "Tuning"),
            "bi": ("Power BI", "Qlik Sense", "Tableau", "DAX", "SSIS", "SSRS", "Data Warehouse"),
            "engenharia": ("Spark", "Databricks", "Airflow", "Hadoop", "Python", "Kafka", "AWS"),
            "ciencia": ("Python", "Machine Learning", "Scikit-learn", "Estatística", "R", "Pandas"),
        },
        common=("SQL", "ETL", "Modelagem de Dados", "Excel Avançado", "Big Data"),
        activities=(
            "desenvolvimento de soluções de dados com {s1} e {s2}",
            "sustentação e otimização de processos em {s1}",
            "construção de relatórios e indicadores com apoio de {s2}",
            "modelagem de dados e integração de fontes utilizando {s1}",
            "análise de dados e apoio às áreas de negócio com {s1}",
        ),
    ),
    Area(
        key="projetos",
        label="TI - Projetos-",
        weight=0.09,
        roles=("Gerente de Projetos", "Scrum Master", "Coordenador de Projetos", "Analista PMO"),
        stacks={
            "agil": ("Scrum", "Kanban", "SAFe", "Jira", "Confluence", "Agile Coaching"),
            "tradicional": ("PMBOK", "MS Project", "Gestão de Riscos", "PMO", "Cronograma"),
            "negocio": ("Análise de Negócios", "BPMN", "Mapeamento de Processos", "UML"),
        },
        common=("Gestão de Stakeholders", "Power BI", "Excel Avançado", "ITIL", "Orçamento"),
        activities=(
            "gestão de projetos de TI utilizando {s1}",
            "condução de cerimônias e acompanhamento do time com {s1}",
            "controle de escopo, prazo e custos com apoio de {s2}",
            "reporte de status para diretoria e gestão de riscos com {s2}",
        ),
    ),
    Area(
        key="qa",
        label="TI - Qualidade/Testes-",
        weight=0.05,
        roles=("Analista de Testes", "Analista de QA", "Engenheiro de Qualidade"),
        stacks={
            "automacao": ("Selenium", "Cypress", "Robot Framework", "Appium", "Cucumber", "BDD"),
            "manual": ("Testes Funcionais", "Testes Regressivos", "TestLink", "Mantis", "Jira"),
            "performance": ("JMeter", "Gatling", "LoadRunner", "Testes de Performance"),
        },
        common=("Postman", "SQL", "Scrum", "Git", "Testes de API"),
        activities=(
            "automação de testes com {s1} e {s2}",
            "elaboração e execução de casos de teste com {s1}",
            "planejamento da estratégia de testes e uso de {s2}",
            "registro e acompanhamento de defeitos utilizando {s1}",
        ),
    ),
    Area(
        key="suporte",
        label="TI - Suporte-",
        weight=0.06,
        roles=("Analista de Suporte", "Técnico de Suporte", "Analista de Service Desk"),
        stacks={
            "n1": ("Help Desk", "Service Desk", "Atendimento N1", "Office 365", "Windows 10"),
            "n2": ("Atendimento N2", "Active Directory", "ServiceNow", "GLPI", "Hardware"),
        },
        common=("ITIL", "Windows", "Redes", "Impressoras", "Atendimento ao Usuário"),
        activities=(
            "atendimento a chamados envolvendo {s1} e {s2}",
            "instalação, configuração e manutenção de {s2}",
            "suporte presencial e remoto aos usuários com {s1}",
            "registro de chamados e cumprimento de SLA com {s1}",
        ),
    ),
    Area(
        key="seguranca",
        label="TI - Segurança da Informação-",
        weight=0.02,
        roles=("Analista de Segurança da Informação", "Especialista em Cibersegurança"),
        stacks={
            "governanca": ("ISO 27001", "LGPD", "Gestão de Riscos", "COBIT", "Auditoria"),
            "operacao": ("SIEM", "Splunk", "Pentest", "CyberArk", "IAM", "Firewall"),
        },
        common=("Segurança da Informação", "ITIL", "Linux", "Redes"),
        activities=(
            "gestão de vulnerabilidades e resposta a incidentes com {s1}",
            "adequação de processos a {s2} e políticas de segurança",
            "análise de riscos e controles de acesso com {s1}",
        ),
    ),
    Area(
        key="administrativo",
        label="Administrativa-",
        weight=0.045,
        roles=("Assistente Administrativo", "Auxiliar Administrativo", "Recepcionista"),
        stacks={
            "escritorio": ("Pacote Office", "Excel Avançado", "Rotinas Administrativas", "Arquivo"),
            "compras": ("Compras", "Cotações", "Controle de Estoque", "Faturamento", "SAP MM"),
        },
        common=("Atendimento ao Cliente", "Organização", "Word", "Excel"),
        activities=(
            "rotinas administrativas, {s1} e controle de documentos",
            "apoio às áreas da empresa com {s1} e {s2}",
            "controles em planilhas e atividades de {s2}",
        ),
        is_it=False,
    ),
    Area(
        key="financeiro",
        label="Financeira/Controladoria-",
        weight=0.035,
        roles=("Analista Financeiro", "Assistente Financeiro", "Analista Contábil", "Controller"),
        stacks={
            "contabil": ("Contabilidade", "Conciliação Contábil", "IFRS", "SPED", "Fiscal"),
            "tesouraria": ("Contas a Pagar", "Contas a Receber", "Fluxo de Caixa", "Tesouraria"),
        },
        common=("Excel Avançado", "Totvs Protheus", "SAP FI", "Conciliação Bancária"),
        activities=(
            "fechamento mensal e atividades de {s1}",
            "controle de {s1} e {s2}",
            "elaboração de relatórios gerenciais com {s2}",
        ),
        is_it=False,
    ),
    Area(
        key="comercial",
        label="Comercial-",
        weight=0.015,
        roles=("Executivo de Vendas", "Analista Comercial", "Gerente de Contas"),
        stacks={"vendas": ("Vendas B2B", "Prospecção", "Negociação", "CRM", "Salesforce")},
        common=("Pós-venda", "Excel", "Apresentações"),
        activities=(
            "prospecção de novos clientes e {s1}",
            "gestão de carteira de clientes com {s2}",
        ),
        is_it=False,
    ),
    Area(
        key="rh",
        label="Recursos Humanos-",
        weight=0.012,
        roles=("Analista de RH", "Analista de Departamento Pessoal", "Recrutador"),
        stacks={
            "dp": ("Folha de Pagamento", "eSocial", "Departamento Pessoal", "Benefícios"),
            "rs": ("Recrutamento e Seleção", "Entrevistas", "Hunting", "Onboarding"),
        },
        common=("Excel", "Pacote Office", "Legislação Trabalhista"),
        activities=(
            "condução de processos de {s1}",
            "rotinas de {s1} e {s2}",
        ),
        is_it=False,
    ),
    Area(
        key="servicos",
        label="Serviços Gerais-",
        weight=0.008,
        roles=("Cozinheiro", "Auxiliar de Cozinha", "Auxiliar de Limpeza", "Copeira"),
        stacks={
            "cozinha": (
                "Preparo de Refeições",
                "Boas Práticas de Manipulação",
                "Cozinha Industrial",
            ),
            "limpeza": ("Limpeza e Conservação", "Produtos de Limpeza", "Organização de Ambientes"),
        },
        common=("Controle de Estoque", "Trabalho em Equipe"),
        activities=(
            "{s1} e higienização do ambiente de trabalho",
            "{s1} seguindo {s2}",
        ),
        is_it=False,
    ),
)
AREA_BY_KEY: Final[dict[str, Area]] = {area.key: area for area in AREAS}

BEHAVIOURAL: Final[tuple[str, ...]] = (
    "proatividade",
    "boa comunicação",
    "trabalho em equipe",
    "organização",
    "foco em resultados",
    "facilidade de aprendizado",
    "relacionamento interpessoal",
    "capacidade analítica",
    "resiliência",
    "liderança",
)
