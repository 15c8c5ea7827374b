/** Fixed data of the fake account: Lean versions, nodes, new-project templates. */
import { hexId, type Language } from './world';

export const LEAN_VERSIONS = [17125, 17124, 17123].map((id, index) => ({
  id,
  created: `2025-08-${String(18 - index * 3).padStart(2, '0')} 14:02:11`,
  description: index === 0 ? 'Latest Lean release.' : `Lean release ${id}.`,
  leanHash: hexId('lean', id, 40),
  leanCloudHash: hexId('lean-cloud', id, 40),
  name: `Lean v2.5.0.0.${id}`,
  ref: 'master',
  public: true,
}));

export interface NodeSpec {
  readonly id: string;
  readonly kind: 'backtest' | 'live' | 'research';
  readonly sku: string;
  readonly name: string;
  readonly cpu: number;
  readonly ram: number;
  readonly speed: number;
  readonly monthly: number;
}

export const NODES: readonly NodeSpec[] = [
  {
    id: hexId('node', 1),
    kind: 'backtest',
    sku: 'B2-8',
    name: 'Backtest 2 cores',
    cpu: 2,
    ram: 8,
    speed: 3.6,
    monthly: 14,
  },
  {
    id: hexId('node', 2),
    kind: 'backtest',
    sku: 'B4-12',
    name: 'Backtest 4 cores',
    cpu: 4,
    ram: 12,
    speed: 3.6,
    monthly: 20,
  },
  { id: hexId('node', 3), kind: 'live', sku: 'L1-1', name: 'Live 1 core', cpu: 1, ram: 1, speed: 2.4, monthly: 24 },
  { id: hexId('node', 4), kind: 'live', sku: 'L2-4', name: 'Live 2 cores', cpu: 2, ram: 4, speed: 2.4, monthly: 50 },
  {
    id: hexId('node', 5),
    kind: 'research',
    sku: 'R1-4',
    name: 'Research 1 core',
    cpu: 1,
    ram: 4,
    speed: 2.4,
    monthly: 8,
  },
];

/** The files QuantConnect puts in a new project. */
export function templateFiles(language: Language, projectName: string): { name: string; content: string }[] {
  const className = projectName.replace(/[^A-Za-z0-9]/g, '') || 'MyAlgorithm';
  if (language === 'C#') {
    return [
      {
        name: 'Main.cs',
        content: [
          'namespace QuantConnect.Algorithm.CSharp',
          '{',
          `    public class ${className} : QCAlgorithm`,
          '    {',
          '        public override void Initialize()',
          '        {',
          '            SetStartDate(2024, 1, 1);',
          '            SetCash(100000);',
          '            AddEquity("SPY", Resolution.Minute);',
          '        }',
          '',
          '        public override void OnData(Slice data)',
          '        {',
          '            if (!Portfolio.Invested) SetHoldings("SPY", 1);',
          '        }',
          '    }',
          '}',
          '',
        ].join('\n'),
      },
      { name: 'Research.ipynb', content: NOTEBOOK },
    ];
  }
  return [
    {
      name: 'main.py',
      content: [
        '# region imports',
        'from AlgorithmImports import *',
        '# endregion',
        '',
        '',
        `class ${className}(QCAlgorithm):`,
        '',
        '    def initialize(self):',
        '        self.set_start_date(2024, 1, 1)',
        '        self.set_cash(100000)',
        '        self.add_equity("SPY", Resolution.MINUTE)',
        '',
        '    def on_data(self, data: Slice):',
        '        if not self.portfolio.invested:',
        '            self.set_holdings("SPY", 1)',
        '',
      ].join('\n'),
    },
    { name: 'research.ipynb', content: NOTEBOOK },
  ];
}

const NOTEBOOK = JSON.stringify({ cells: [], metadata: {}, nbformat: 4, nbformat_minor: 2 });
