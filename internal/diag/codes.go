package diag

// Code names a class of problem, stable across releases, for pipelines that
// read `dashgen validate --format json`. The classes follow the Frictionless
// Data validator's catalogue where one exists there.
type Code string

// Problems with a file as a whole.
const (
	FileMissing    Code = "file-missing"     // a file named by config does not exist
	FileUnreadable Code = "file-unreadable"  // the file exists but cannot be read
	EmptyFile      Code = "empty-file"       // no header row
	EncodingError  Code = "encoding-error"   // bytes that are not UTF-8
	NotText        Code = "not-text"         // a NUL byte: a binary file
	CSVSyntax      Code = "csv-syntax"       // broken quoting
	NotRegularFile Code = "not-regular-file" // a folder, named pipe, device or socket
	FileChanged    Code = "file-changed"     // the file changed while it was read
	LimitExceeded  Code = "limit-exceeded"   // a file, cell, row or config past a limit
)

// Problems with the header and the shape of rows.
const (
	BlankHeader     Code = "blank-header"
	DuplicateHeader Code = "duplicate-header"
	UnknownHeader   Code = "unknown-header"
	MissingHeader   Code = "missing-header"
	ExtraCell       Code = "extra-cell"
	MissingCell     Code = "missing-cell"
)

// Problems with one value or between records.
const (
	MissingValue Code = "missing-value"    // a required cell is empty
	Vocabulary   Code = "vocabulary-error" // not one of a closed list
	DateError    Code = "date-error"       // not a date, or not a day of the calendar
	TypeError    Code = "type-error"       // not a whole number as written, or a config value of the wrong type
	Constraint   Code = "constraint-error" // negative, too large, range bounds, qualifier and value disagree
	UniqueError  Code = "unique-error"     // an id used twice
	ForeignKey   Code = "foreign-key-error"
	CycleError   Code = "cycle-error"
	SubsetError  Code = "subset-error"  // a subset larger than its parent, parts larger than the whole
	UnknownCode  Code = "unknown-code"  // a jurisdiction's code that ISO 3166 does not have
	VersionError Code = "version-error" // not a Semantic Version MAJOR.MINOR.PATCH
	OrderError   Code = "order-error"   // the corrections log's versions or dates out of order
	ReleaseError Code = "release-error" // a log entry of a release newer than the project states
)

// Problems with a previous release (dashgen diff OLD, build --previous
// OLD): its output folder or datapackage.json.
const (
	NotARelease  Code = "not-a-release" // a folder with no datapackage.json, or a descriptor no dashgen build wrote
	JSONSyntax   Code = "json-syntax"   // a datapackage.json that is not JSON
	HashMismatch Code = "hash-mismatch" // a copied file whose size or SHA-256 is not what datapackage.json says
)

// Problems in config.yaml.
const (
	YAMLSyntax        Code = "yaml-syntax"
	UnknownKey        Code = "unknown-key"
	InvalidValue      Code = "invalid-value"
	UnknownChartType  Code = "unknown-chart-type"
	UnknownDataset    Code = "unknown-dataset"
	UnknownColumn     Code = "unknown-column"
	QueryError        Code = "query-error"
	ChartError        Code = "chart-error"         // the chart type cannot honestly show the rows (a pie of overlapping groups)
	TooManyCategories Code = "too-many-categories" // a chart past its limit of categories (bars, slices, cards…)
	OutputClobber     Code = "output-clobber"
)

// Problems writing a new project (dashgen init).
const (
	FileExists Code = "file-exists" // a file init would write is there already, or a file stands where a folder should
)

// Warnings: the build goes on unless --strict.
const (
	UncitedSource   Code = "uncited-source"
	MissingLabel    Code = "missing-label"
	UnlinkedURL     Code = "unlinked-url"
	HiddenDisagreed Code = "disagreement-not-shown"
	HedgedExact     Code = "hedged-exact"     // the wording hedges a figure qualified exact
	CodeNotName     Code = "code-not-name"    // a jurisdiction named as ISO 3166 names another code
	UnloggedRelease Code = "unlogged-release" // the stated release has no entry in a corrections log
	// UnexplainedChange: a change since the previous release (build
	// --previous) that no entry of the current release's log explains.
	UnexplainedChange Code = "unexplained-change"
	// LoggedUnchanged: an entry of the current release's log names an id
	// that did not change as it says.
	LoggedUnchanged Code = "logged-unchanged"
)

// MissingTranslation warns that some texts show in the fallback language.
const MissingTranslation Code = "missing-translation"
