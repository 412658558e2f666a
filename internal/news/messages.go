package news

import (
	"embed"

	"github.com/motcua/motcua/internal/i18n"
)

// messagesFS holds the package's texts for people, one file per language.
//
//go:embed messages
var messagesFS embed.FS

var msgs = i18n.MustLoad(messagesFS, "messages")
