"""Qt's own strings (dialog buttons, wizard buttons, edit menus), served from our catalogs.

Qt ships no Hmong or Somali translations, so every Qt string a user can see is listed
here with its Qt context, extracted into messages.pot and translated like our own.
"""

from clinic_app.i18n import NP_

QT_STRINGS = (
    NP_("QPlatformTheme", "OK"),
    NP_("QPlatformTheme", "Save"),
    NP_("QPlatformTheme", "Save All"),
    NP_("QPlatformTheme", "Open"),
    NP_("QPlatformTheme", "&Yes"),
    NP_("QPlatformTheme", "Yes to &All"),
    NP_("QPlatformTheme", "&No"),
    NP_("QPlatformTheme", "N&o to All"),
    NP_("QPlatformTheme", "Abort"),
    NP_("QPlatformTheme", "Retry"),
    NP_("QPlatformTheme", "Ignore"),
    NP_("QPlatformTheme", "Close"),
    NP_("QPlatformTheme", "Cancel"),
    NP_("QPlatformTheme", "Discard"),
    NP_("QPlatformTheme", "Help"),
    NP_("QPlatformTheme", "Apply"),
    NP_("QPlatformTheme", "Reset"),
    NP_("QPlatformTheme", "Restore Defaults"),
    NP_("QWizard", "< &Back"),
    NP_("QWizard", "&Next >"),
    NP_("QWizard", "&Finish"),
    NP_("QWizard", "Cancel"),
    NP_("QWizard", "&Help"),
    NP_("QMessageBox", "Show Details..."),
    NP_("QMessageBox", "Hide Details..."),
    NP_("QLineEdit", "&Undo"),
    NP_("QLineEdit", "&Redo"),
    NP_("QLineEdit", "Cu&t"),
    NP_("QLineEdit", "&Copy"),
    NP_("QLineEdit", "&Paste"),
    NP_("QLineEdit", "Delete"),
    NP_("QLineEdit", "Select All"),
    NP_("QWidgetTextControl", "&Copy"),
    NP_("QWidgetTextControl", "Copy &Link Location"),
    NP_("QWidgetTextControl", "Select All"),
    NP_("QFileDialog", "Look in:"),
    NP_("QFileDialog", "File &name:"),
    NP_("QFileDialog", "Files of type:"),
    NP_("QFileDialog", "&Open"),
    NP_("QFileDialog", "&Save"),
    NP_("QFileDialog", "&Choose"),
    NP_("QPrintDialog", "Print"),
    NP_("QPrintDialog", "&Print"),
    NP_("QPrintPreviewDialog", "Print Preview"),
)
